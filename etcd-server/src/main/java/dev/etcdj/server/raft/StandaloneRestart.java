package dev.etcdj.server.raft;

import dev.etcdj.api.Member;
import dev.etcdj.api.internal.ConfChangeContext;
import dev.etcdj.raft.ConfChange;
import dev.etcdj.raft.ConfChangeType;
import dev.etcdj.raft.ConfState;
import dev.etcdj.raft.Entry;
import dev.etcdj.raft.EntryType;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * etcd's {@code --force-new-cluster}: the log a member restarts with when it must become a
 * cluster of one. Entries past the commit index are dropped (no quorum will ever decide them),
 * and conf changes are appended that make this member the only one: it is added first if the
 * log does not know it (Raft must never have an empty voter set), then every other member is
 * removed. The caller commits the result, so the normal apply path updates the membership.
 */
final class StandaloneRestart {
  /** The peer URL etcd gives a member it has to add for itself. */
  private static final String DEFAULT_PEER_URL = "http://localhost:2380";

  private StandaloneRestart() {}

  /** The entries up to {@code commit}, without the uncommitted tail. */
  static List<Entry> committed(List<Entry> entries, long commit) {
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i).index() > commit) {
        return entries.subList(0, i);
      }
    }
    return entries;
  }

  /** The members the snapshot and the committed conf changes leave in the cluster, in order. */
  static SortedSet<Long> members(ConfState snapshotConf, List<Entry> entries) {
    SortedSet<Long> ids = new TreeSet<>(Long::compareUnsigned);
    ids.addAll(snapshotConf.voters());
    ids.addAll(snapshotConf.learners());
    for (Entry e : entries) {
      if (e.type() != EntryType.CONF_CHANGE) {
        continue;
      }
      ConfChange cc = ConfChange.decode(e.data());
      if (cc.type() == ConfChangeType.REMOVE_NODE) {
        ids.remove(cc.nodeId());
      } else {
        ids.add(cc.nodeId());
      }
    }
    return ids;
  }

  /** The conf change entries, at {@code term}, from {@code commit + 1} on. */
  static List<Entry> confChanges(SortedSet<Long> members, long self, long term, long commit) {
    List<Entry> out = new ArrayList<>();
    long next = commit + 1;
    if (!members.contains(self)) {
      Member m = Member.newBuilder().setID(self).addPeerURLs(DEFAULT_PEER_URL).build();
      out.add(entry(term, next++, new ConfChange(ConfChangeType.ADD_NODE, self, context(m))));
    }
    for (long id : members) {
      if (id != self) {
        out.add(entry(term, next++, new ConfChange(ConfChangeType.REMOVE_NODE, id,
            context(Member.newBuilder().setID(id).build()))));
      }
    }
    return out;
  }

  // no request header: nobody waits for these entries
  private static byte[] context(Member m) {
    return ConfChangeContext.newBuilder().setMember(m).build().toByteArray();
  }

  private static Entry entry(long term, long index, ConfChange cc) {
    return new Entry(term, index, EntryType.CONF_CHANGE, cc.encode());
  }
}

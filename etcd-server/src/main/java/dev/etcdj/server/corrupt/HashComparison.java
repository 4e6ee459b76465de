package dev.etcdj.server.corrupt;

import dev.etcdj.api.HashKVResponse;
import dev.etcdj.discovery.ClusterIds;
import dev.etcdj.storage.mvcc.HashKvResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The leader's judgement in etcd's periodic corruption check (checkHashKV). {@code before} is the
 * leader's hash before the peers were asked, {@code after} its hash once everything committed
 * meanwhile was applied. A mismatch is:
 * <ul>
 *   <li>the leader's own hash changed while revision and compact revision did not;</li>
 *   <li>a peer ahead of the leader's revision or compact revision;</li>
 *   <li>a peer at the leader's compact revision with another hash.</li>
 * </ul>
 * Each finding carries etcd's warning line.
 */
public final class HashComparison {
  /** One rule broken by a member (the leader itself for a changed hash). */
  public record Mismatch(long memberId, String warning) {}

  /** The findings and how many peers answered (etcd's number-of-peers-checked). */
  public record Result(List<Mismatch> mismatches, int checked) {}

  private HashComparison() {}

  public static Result compare(long leaderId, HashKvResult before, HashKvResult after, List<PeerHash> peers) {
    List<Mismatch> found = new ArrayList<>();
    long h = unsigned(before.hash());
    long h2 = unsigned(after.hash());
    long rev = before.revision();
    long crev = before.compactRevision();
    if (h2 != h && after.revision() == rev && after.compactRevision() == crev) {
      found.add(new Mismatch(leaderId, "mismatched hashes " + h + " and " + h2 + " for revision " + rev));
    }
    int checked = 0;
    for (PeerHash p : peers) {
      HashKVResponse r = p.resp();
      if (r == null) {
        continue;
      }
      checked++;
      String peer = ClusterIds.toHex(p.id());
      if (r.getHeader().getRevision() > after.revision()) {
        found.add(new Mismatch(p.id(), "revision " + r.getHeader().getRevision() + " from member " + peer
            + ", expected at most " + after.revision()));
      }
      if (r.getCompactRevision() > after.compactRevision()) {
        found.add(new Mismatch(p.id(), "compact revision " + r.getCompactRevision() + " from member " + peer
            + ", expected at most " + after.compactRevision()));
      }
      if (r.getCompactRevision() == crev && Integer.toUnsignedLong(r.getHash()) != h) {
        found.add(new Mismatch(p.id(), "hash " + Integer.toUnsignedLong(r.getHash()) + " at revision " + rev
            + " from member " + peer + ", expected hash " + h));
      }
    }
    return new Result(List.copyOf(found), checked);
  }

  private static long unsigned(long hash) {
    return hash & 0xffffffffL;
  }
}

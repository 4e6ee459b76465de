package dev.etcdj.server.membership;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The cluster at one moment: its ID, this member's ID, the members, and the IDs of members
 * removed for good (they may never rejoin, as in etcd).
 */
public record ClusterMembership(long clusterId, long localId, List<MemberInfo> members, Set<Long> removed) {
  public ClusterMembership {
    members = members.stream().sorted((a, b) -> Long.compareUnsigned(a.id(), b.id())).toList();
    removed = Set.copyOf(removed);
  }

  public ClusterMembership(long clusterId, long localId, List<MemberInfo> members) {
    this(clusterId, localId, members, Set.of());
  }

  public Optional<MemberInfo> local() {
    return member(localId);
  }

  public Optional<MemberInfo> member(long id) {
    return members.stream().filter(m -> m.id() == id).findFirst();
  }

  public ClusterMembership with(MemberInfo m) {
    List<MemberInfo> next = new ArrayList<>(members);
    next.removeIf(x -> x.id() == m.id());
    next.add(m);
    return new ClusterMembership(clusterId, localId, next, removed);
  }

  public ClusterMembership without(long id) {
    List<MemberInfo> next = new ArrayList<>(members);
    next.removeIf(x -> x.id() == id);
    Set<Long> gone = new HashSet<>(removed);
    gone.add(id);
    return new ClusterMembership(clusterId, localId, next, gone);
  }

  /** Voting members (not learners). */
  public List<MemberInfo> voters() {
    return members.stream().filter(m -> !m.learner()).toList();
  }
}

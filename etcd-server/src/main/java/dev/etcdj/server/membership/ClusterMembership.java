package dev.etcdj.server.membership;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The cluster this member belongs to: its ID, this member's ID, and the members. */
public record ClusterMembership(long clusterId, long localId, List<MemberInfo> members) {
  public ClusterMembership {
    members = members.stream().sorted(Comparator.comparingLong(MemberInfo::id)).toList();
  }

  public Optional<MemberInfo> local() {
    return members.stream().filter(m -> m.id() == localId).findFirst();
  }
}

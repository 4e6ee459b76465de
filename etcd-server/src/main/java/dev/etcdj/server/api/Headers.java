package dev.etcdj.server.api;

import dev.etcdj.api.ResponseHeader;
import java.util.function.LongSupplier;

/** Fills response headers as etcd's v3rpc does: identity and term always, revision if unset. */
public final class Headers {
  private final long clusterId;
  private final long memberId;
  private final LongSupplier raftTerm;
  private final LongSupplier revision;

  public Headers(long clusterId, long memberId, LongSupplier raftTerm, LongSupplier revision) {
    this.clusterId = clusterId;
    this.memberId = memberId;
    this.raftTerm = raftTerm;
    this.revision = revision;
  }

  public ResponseHeader fill(ResponseHeader h) {
    ResponseHeader.Builder b = h.toBuilder()
        .setClusterId(clusterId)
        .setMemberId(memberId)
        .setRaftTerm(raftTerm.getAsLong());
    if (b.getRevision() == 0) {
      b.setRevision(revision.getAsLong());
    }
    return b.build();
  }

  public ResponseHeader current() {
    return fill(ResponseHeader.getDefaultInstance());
  }
}

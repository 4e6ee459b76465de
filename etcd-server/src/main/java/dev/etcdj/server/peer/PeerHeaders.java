package dev.etcdj.server.peer;

import dev.etcdj.api.peer.StreamHeader;
import io.grpc.Status;
import java.util.OptionalLong;

/**
 * The stream header check shared by both RPCs, and the wording of its refusals. Both sides of
 * the transport use this class, so the sender can recognise a cluster ID mismatch and read the
 * remote cluster ID out of the status description.
 *
 * <p>IDs are printed as etcd's {@code types.ID} prints them: unsigned, lower-case hex.
 */
final class PeerHeaders {
  static final String CLUSTER_ID_MISMATCH = "cluster ID mismatch";
  static final String MEMBER_ID_MISMATCH = "member ID mismatch";

  private PeerHeaders() {}

  static String hex(long id) {
    return Long.toHexString(id);
  }

  static StreamHeader header(long clusterId, long from, long to) {
    return StreamHeader.newBuilder().setClusterId(clusterId).setFrom(from).setTo(to).build();
  }

  /**
   * Checks a received header against this member. Returns null if it is acceptable, otherwise
   * the status to fail the call with: FAILED_PRECONDITION with
   * {@code cluster ID mismatch: got <sender's> want <ours>} or
   * {@code member ID mismatch: got <header.to> want <ours>}.
   */
  static Status check(StreamHeader h, long clusterId, long localId) {
    if (h.getClusterId() != clusterId) {
      return Status.FAILED_PRECONDITION.withDescription(
          CLUSTER_ID_MISMATCH + ": got " + hex(h.getClusterId()) + " want " + hex(clusterId));
    }
    if (h.getTo() != localId) {
      return Status.FAILED_PRECONDITION.withDescription(
          MEMBER_ID_MISMATCH + ": got " + hex(h.getTo()) + " want " + hex(localId));
    }
    return null;
  }

  /**
   * If {@code s} is a cluster ID mismatch refusal, the remote member's cluster ID (the "want" in
   * its description); otherwise empty.
   */
  static OptionalLong remoteClusterId(Status s) {
    String d = s.getDescription();
    if (s.getCode() != Status.Code.FAILED_PRECONDITION || d == null || !d.startsWith(CLUSTER_ID_MISMATCH)) {
      return OptionalLong.empty();
    }
    int i = d.lastIndexOf(" want ");
    if (i < 0) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseUnsignedLong(d.substring(i + 6).trim(), 16));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}

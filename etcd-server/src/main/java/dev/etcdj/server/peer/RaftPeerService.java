package dev.etcdj.server.peer;

import com.linecorp.armeria.server.annotation.Blocking;
import dev.etcdj.api.peer.MessageBatch;
import dev.etcdj.api.peer.RaftGrpc;
import dev.etcdj.api.peer.SnapshotAck;
import dev.etcdj.api.peer.SnapshotChunk;
import dev.etcdj.api.peer.StreamAck;
import dev.etcdj.api.peer.StreamHeader;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side of the peer transport (etcd's rafthttp handlers): the {@code Raft} gRPC
 * service on the peer port.
 *
 * <ul>
 *   <li>{@code Stream}: the first batch must carry a {@link StreamHeader} whose cluster ID is
 *       ours and whose {@code to} is us, otherwise the call fails with FAILED_PRECONDITION
 *       ({@code cluster ID mismatch: got <hex> want <hex>} / {@code member ID mismatch: ...});
 *       a first batch without a header fails with INVALID_ARGUMENT. After that every message
 *       is handed to {@link RaftInbox#receive} in stream order.</li>
 *   <li>{@code SendSnapshot}: same header checks on the first chunk, which must also carry the
 *       MsgSnap; the data chunks are streamed to the {@link SnapshotSink}; the final chunk's
 *       SHA-256 is verified. Only if the sink stored the bytes and the checksum matched is the
 *       MsgSnap handed to {@link RaftInbox#receive} and {@code accepted=true} returned;
 *       otherwise {@code accepted=false}.</li>
 * </ul>
 *
 * <p>Threading: {@code Stream} runs on the event loop (it only decodes and enqueues, so a
 * message reaches the Raft thread without another hand-off); {@code SendSnapshot} is
 * {@link Blocking}: its chunks are handed to the sink with blocking puts. Callbacks of one call
 * are serialized by gRPC, so per-stream order is preserved.
 */
public final class RaftPeerService extends RaftGrpc.RaftImplBase {
  static final Logger LOG = LoggerFactory.getLogger("rafthttp");

  private final long clusterId;
  private final long localId;
  private final RaftInbox inbox;
  private final SnapshotSink sink;
  private final AtomicLong batches = new AtomicLong();

  public RaftPeerService(long clusterId, long localId, RaftInbox inbox, SnapshotSink sink) {
    this.clusterId = clusterId;
    this.localId = localId;
    this.inbox = java.util.Objects.requireNonNull(inbox, "inbox");
    this.sink = java.util.Objects.requireNonNull(sink, "sink");
  }

  public long clusterId() {
    return clusterId;
  }

  public long localId() {
    return localId;
  }

  /** Number of message batches received on all streams (for tests and metrics). */
  long batchesReceived() {
    return batches.get();
  }

  @Override
  public StreamObserver<MessageBatch> stream(StreamObserver<StreamAck> responseObserver) {
    return new InboundStream(this, responseObserver);
  }

  @Override
  @Blocking
  public StreamObserver<SnapshotChunk> sendSnapshot(StreamObserver<SnapshotAck> responseObserver) {
    return new InboundSnapshot(this, responseObserver);
  }

  RaftInbox inbox() {
    return inbox;
  }

  SnapshotSink sink() {
    return sink;
  }

  void countBatch() {
    batches.incrementAndGet();
  }

  /**
   * Checks the header of a new stream; logs etcd-style and returns the refusal, or null if the
   * stream may proceed.
   */
  Status checkHeader(StreamHeader h, String what) {
    Status s = PeerHeaders.check(h, clusterId, localId);
    if (s != null) {
      if (h.getClusterId() != clusterId) {
        LOG.error("request cluster ID mismatch (got {} want {})", PeerHeaders.hex(h.getClusterId()),
            PeerHeaders.hex(clusterId));
      } else {
        LOG.error("{} request ignored (ID mismatch got {} want {})", what, PeerHeaders.hex(h.getTo()),
            PeerHeaders.hex(localId));
      }
    }
    return s;
  }
}

package dev.etcdj.server.peer;

import com.linecorp.armeria.server.ServiceRequestContext;
import dev.etcdj.api.peer.SnapshotAck;
import dev.etcdj.api.peer.SnapshotChunk;
import dev.etcdj.raft.Message;
import dev.etcdj.raft.MessageType;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * One incoming {@code Raft/SendSnapshot} call.
 *
 * <p>Chunk order: the first chunk carries the header and the MsgSnap (and may carry data); then
 * data chunks; the final chunk carries the SHA-256 (and may carry data). The sink runs on a
 * blocking-task thread reading from a {@link ChunkPipe}; this observer's callbacks (also on a
 * blocking-task thread, serialized by gRPC) feed the pipe with blocking puts.
 *
 * <p>Invariant: the MsgSnap reaches the inbox, and {@code accepted=true} is replied, only after
 * the sink returned normally and the checksum of every byte it was given matched.
 */
final class InboundSnapshot implements StreamObserver<SnapshotChunk> {
  private static final int PIPE_CHUNKS = 4;

  private final RaftPeerService service;
  private final StreamObserver<SnapshotAck> response;
  private final MessageDigest sha256;
  private Message msgSnap;
  private ChunkPipe pipe;
  private CompletableFuture<Void> stored;
  private boolean checksumSeen;
  private boolean verified;
  private boolean done;
  private long bytes;

  InboundSnapshot(RaftPeerService service, StreamObserver<SnapshotAck> response) {
    this.service = service;
    this.response = response;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void onNext(SnapshotChunk chunk) {
    if (done) {
      return;
    }
    if (msgSnap == null && !begin(chunk)) {
      return;
    }
    if (checksumSeen) {
      fail(Status.INVALID_ARGUMENT.withDescription("snapshot data after the checksum"));
      return;
    }
    if (!chunk.getData().isEmpty()) {
      sha256.update(chunk.getData().asReadOnlyByteBuffer());
      bytes += chunk.getData().size();
      try {
        pipe.put(chunk.getData());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        pipe.abort(new IOException("interrupted while receiving snapshot"));
        fail(Status.CANCELLED.withDescription("interrupted"));
        return;
      }
    }
    if (!chunk.getSha256().isEmpty()) {
      checksumSeen = true;
      verified = MessageDigest.isEqual(sha256.digest(), chunk.getSha256().toByteArray());
      if (verified) {
        pipe.finish();
      } else {
        RaftPeerService.LOG.warn("failed to receive snapshot [index: {}, from: {}]: sha256 mismatch",
            msgSnap.snapshot() == null ? 0 : msgSnap.snapshot().index(), PeerHeaders.hex(msgSnap.from()));
        pipe.abort(new IOException("snapshot sha256 mismatch"));
      }
    }
  }

  /** Handles the header chunk; false if the call was refused. */
  private boolean begin(SnapshotChunk chunk) {
    if (!chunk.hasHeader() || !chunk.hasMessage()) {
      fail(Status.INVALID_ARGUMENT.withDescription("snapshot header missing"));
      return false;
    }
    Status refusal = service.checkHeader(chunk.getHeader(), "snapshot");
    if (refusal != null) {
      fail(refusal);
      return false;
    }
    Message m;
    try {
      m = MessageCodec.fromProto(chunk.getMessage());
    } catch (IllegalArgumentException e) {
      fail(Status.INVALID_ARGUMENT.withDescription("bad raft message: " + e.getMessage()));
      return false;
    }
    if (m.type() != MessageType.MsgSnap) {
      fail(Status.INVALID_ARGUMENT.withDescription("expected MsgSnap, got " + m.type()));
      return false;
    }
    msgSnap = m;
    pipe = new ChunkPipe(PIPE_CHUNKS);
    InputStream in = pipe.inputStream();
    SnapshotSink sink = service.sink();
    stored = CompletableFuture.runAsync(() -> {
      try (in) {
        sink.receive(m, in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, blockingExecutor());
    return true;
  }

  private static Executor blockingExecutor() {
    ServiceRequestContext ctx = ServiceRequestContext.currentOrNull();
    return ctx != null ? ctx.blockingTaskExecutor() : r -> new Thread(r, "snapshot-sink").start();
  }

  @Override
  public void onError(Throwable t) {
    if (!done) {
      done = true;
      if (pipe != null) {
        pipe.abort(new IOException("snapshot stream broken: " + t));
      }
    }
  }

  @Override
  public void onCompleted() {
    if (done) {
      return;
    }
    if (msgSnap == null) {
      fail(Status.INVALID_ARGUMENT.withDescription("snapshot header missing"));
      return;
    }
    done = true;
    if (!checksumSeen) {
      pipe.abort(new IOException("snapshot ended without a checksum"));
    }
    boolean ok;
    try {
      stored.get();
      ok = verified;
    } catch (ExecutionException e) {
      if (verified) {
        RaftPeerService.LOG.warn("failed to save incoming snapshot [index: {}]: {}", msgSnap.snapshot() == null ? 0
            : msgSnap.snapshot().index(), e.getCause().toString());
      }
      ok = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ok = false;
    }
    if (ok) {
      RaftPeerService.LOG.info("received and saved database snapshot [index: {}, from: {}, size: {}]",
          msgSnap.snapshot() == null ? 0 : msgSnap.snapshot().index(), PeerHeaders.hex(msgSnap.from()), bytes);
      service.inbox().receive(msgSnap);
    }
    response.onNext(SnapshotAck.newBuilder().setAccepted(ok).build());
    response.onCompleted();
  }

  private void fail(Status s) {
    done = true;
    if (pipe != null) {
      pipe.abort(new IOException("snapshot refused: " + s.getDescription()));
    }
    response.onError(s.asRuntimeException());
  }
}

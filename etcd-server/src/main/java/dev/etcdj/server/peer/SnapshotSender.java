package dev.etcdj.server.peer;

import com.google.protobuf.ByteString;
import dev.etcdj.api.peer.RaftGrpc;
import dev.etcdj.api.peer.SnapshotAck;
import dev.etcdj.api.peer.SnapshotChunk;
import dev.etcdj.raft.Message;
import io.grpc.Status;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends MsgSnap messages over {@code Raft/SendSnapshot} (etcd's rafthttp snapshotSender), each
 * on a thread of its own pool, so a snapshot never delays the Raft stream of any peer.
 *
 * <p>Wire order: header chunk (StreamHeader + MsgSnap), data chunks of {@value #CHUNK_BYTES}
 * bytes read from the {@link SnapshotSource}, final chunk with the SHA-256 of all data bytes.
 * Chunks are written only when gRPC flow control allows, so memory stays bounded.
 *
 * <p>Invariant: every MsgSnap handed to {@link #send} ends in exactly one
 * {@link RaftInbox#reportSnapshot} (success iff the receiver replied {@code accepted=true}),
 * unless the transport is closed first; a failed call also reports unreachable.
 */
final class SnapshotSender implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("rafthttp");
  static final int CHUNK_BYTES = 1 << 20;

  private final long clusterId;
  private final long localId;
  private final RaftInbox inbox;
  private final SnapshotSource source;
  private final Function<String, RaftGrpc.RaftStub> stubs;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "peer-snapshot-sender");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean closed;

  SnapshotSender(long clusterId, long localId, RaftInbox inbox, SnapshotSource source,
      Function<String, RaftGrpc.RaftStub> stubs) {
    this.clusterId = clusterId;
    this.localId = localId;
    this.inbox = inbox;
    this.source = source;
    this.stubs = stubs;
  }

  /** Any thread; returns at once. {@code cancelled} is polled while sending (peer removed). */
  void send(Message msgSnap, String url, BooleanSupplier cancelled) {
    if (closed) {
      return;
    }
    pool.execute(() -> {
      boolean ok = false;
      try {
        ok = sendNow(msgSnap, url, () -> closed || cancelled.getAsBoolean());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        LOG.warn("failed to send database snapshot [index: {}, to: {}]: {}", index(msgSnap),
            PeerHeaders.hex(msgSnap.to()), e.toString());
        inbox.reportUnreachable(msgSnap.to());
      }
      if (!closed) {
        inbox.reportSnapshot(msgSnap.to(), ok);
      }
    });
  }

  private boolean sendNow(Message m, String url, BooleanSupplier stop) throws Exception {
    long peer = m.to();
    LOG.info("start to send database snapshot [index: {}, to {}]...", index(m), PeerHeaders.hex(peer));
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    OutboundCall<SnapshotChunk, SnapshotAck> call =
        OutboundCall.start(o -> stubs.apply(url).sendSnapshot(o), () -> { });
    long bytes = 0;
    try (InputStream in = source.open(m)) {
      call.send(SnapshotChunk.newBuilder()
          .setHeader(PeerHeaders.header(clusterId, localId, peer))
          .setMessage(MessageCodec.toProto(m))
          .build());
      byte[] buf = new byte[CHUNK_BYTES];
      while (true) {
        int n = in.readNBytes(buf, 0, buf.length);
        if (n == 0) {
          break;
        }
        sha.update(buf, 0, n);
        bytes += n;
        if (!call.awaitReady(stop)) {
          return ended(call, m);
        }
        call.send(SnapshotChunk.newBuilder().setData(ByteString.copyFrom(buf, 0, n)).build());
      }
      if (!call.awaitReady(stop)) {
        return ended(call, m);
      }
      call.send(SnapshotChunk.newBuilder().setSha256(ByteString.copyFrom(sha.digest())).build());
      call.halfClose();
      SnapshotAck ack = call.awaitResult(stop);
      if (ack == null) {
        return ended(call, m);
      }
      if (ack.getAccepted()) {
        LOG.info("database snapshot [index: {}, to: {}] sent out successfully ({} bytes)", index(m),
            PeerHeaders.hex(peer), bytes);
      } else {
        LOG.warn("database snapshot [index: {}, to: {}] was refused by the receiver", index(m), PeerHeaders.hex(peer));
      }
      return ack.getAccepted();
    } catch (Exception e) {
      call.cancel("snapshot send failed: " + e);
      throw e;
    }
  }

  /** The call ended early or we were stopped; throws the call's failure if there is one. */
  private boolean ended(OutboundCall<SnapshotChunk, SnapshotAck> call, Message m) throws Exception {
    call.cancel("snapshot send stopped");
    if (call.result().isCompletedExceptionally()) {
      try {
        call.result().get();
      } catch (ExecutionException e) {
        Status s = Status.fromThrowable(e.getCause());
        var remote = PeerHeaders.remoteClusterId(s);
        if (remote.isPresent()) {
          LOG.error("request cluster ID mismatch (got {} want {})", PeerHeaders.hex(remote.getAsLong()),
              PeerHeaders.hex(clusterId));
        }
        throw s.asException();
      }
    }
    return false;
  }

  private static long index(Message m) {
    return m.snapshot() == null ? 0 : m.snapshot().index();
  }

  @Override
  public void close() {
    closed = true;
    pool.shutdown();
    try {
      pool.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pool.shutdownNow();
  }
}

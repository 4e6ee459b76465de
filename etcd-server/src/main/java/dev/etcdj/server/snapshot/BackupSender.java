package dev.etcdj.server.snapshot;

import com.google.protobuf.ByteString;
import dev.etcdj.api.SnapshotResponse;
import dev.etcdj.storage.mvcc.MvccStore;
import dev.etcdj.storage.mvcc.StoreExport;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maintenance.Snapshot: a point-in-time view of the store, written as etcd's bbolt file to a
 * temporary file beside the snapshots, streamed in 32 KiB chunks carrying the bytes still to
 * come, then one chunk with the file's sha256 (what {@code etcdctl snapshot restore} checks).
 */
public final class BackupSender {
  private static final Logger LOG = LoggerFactory.getLogger("etcdserver/api/v3rpc");
  private static final int CHUNK = 32 * 1024;
  private static final String TMP_SUFFIX = ".backup.tmp";

  private final MvccStore store;
  private final Path tmpDir;
  private final Executor blocking;

  public BackupSender(MvccStore store, Path tmpDir, Executor blocking) {
    this.store = store;
    this.tmpDir = tmpDir;
    this.blocking = blocking;
    removeLeftovers();
  }

  public void send(ServerCallStreamObserver<SnapshotResponse> out) {
    blocking.execute(() -> {
      Path file = null;
      try {
        file = Files.createTempFile(tmpDir, "db", TMP_SUFFIX);
        long total;
        try (StoreExport view = store.beginExport()) {
          total = BoltBackup.write(view, file);
        }
        stream(file, total, out);
      } catch (Exception e) {
        LOG.warn("failed to send database snapshot: {}", e.toString());
        if (!out.isCancelled()) {
          out.onError(Status.INTERNAL.withDescription(e.getMessage()).asRuntimeException());
        }
      } finally {
        if (file != null) {
          try {
            Files.deleteIfExists(file);
          } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", file, e.toString());
          }
        }
      }
    });
  }

  private void stream(Path file, long total, ServerCallStreamObserver<SnapshotResponse> out)
      throws IOException {
    long start = System.nanoTime();
    LOG.info("sending database snapshot to client [{} bytes]", total);
    MessageDigest sha = sha256();
    byte[] buf = new byte[CHUNK];
    long sent = 0;
    try (InputStream in = Files.newInputStream(file)) {
      while (sent < total) {
        int n = in.readNBytes(buf, 0, (int) Math.min(CHUNK, total - sent));
        if (n <= 0) {
          throw new IOException("snapshot file shorter than " + total + " bytes");
        }
        sent += n;
        sha.update(buf, 0, n);
        if (!awaitReady(out)) {
          return;
        }
        out.onNext(SnapshotResponse.newBuilder().setRemainingBytes(total - sent)
            .setBlob(ByteString.copyFrom(buf, 0, n)).build());
      }
    }
    LOG.info("sending database sha256 checksum to client [32 bytes]");
    if (!awaitReady(out)) {
      return;
    }
    out.onNext(SnapshotResponse.newBuilder().setBlob(ByteString.copyFrom(sha.digest())).build());
    out.onCompleted();
    LOG.info("successfully sent database snapshot to client [{} bytes] in {} ms", total,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  /** Waits for gRPC flow control to accept another message; false if the client went away. */
  private static boolean awaitReady(ServerCallStreamObserver<SnapshotResponse> out) {
    while (!out.isReady()) {
      if (out.isCancelled()) {
        return false;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    return !out.isCancelled();
  }

  private void removeLeftovers() {
    if (!Files.isDirectory(tmpDir)) {
      return;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(tmpDir, "*" + TMP_SUFFIX)) {
      for (Path p : ds) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.warn("cannot clean up old snapshot files in {}: {}", tmpDir, e.toString());
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

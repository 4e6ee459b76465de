package dev.etcdj.storage.etcdfmt;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.etcdj.api.raftpb.Snapshot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * etcd's {@code member/snap/*.snap} files: {@code %016x-%016x.snap} (term, index) holding a
 * snappb.Snapshot, i.e. the CRC-32C of a raftpb.Snapshot and its bytes. The snapshot's data is
 * the v2 store as JSON.
 */
public final class EtcdSnapshotter {
  private EtcdSnapshotter() {}

  /** The newest valid snapshot in {@code dir}, or empty if there is none (etcd's ErrNoSnapshot). */
  public static Optional<Snapshot> load(Path dir) {
    List<Path> names;
    try (Stream<Path> s = Files.list(dir)) {
      names = s.filter(p -> p.getFileName().toString().endsWith(".snap"))
          .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed())
          .toList();
    } catch (NoSuchFileException e) {
      throw new EtcdFormatException("open " + dir + ": no such file or directory", e);
    } catch (IOException e) {
      throw new EtcdFormatException(e.toString(), e);
    }
    for (Path p : names) {
      try {
        return Optional.of(read(p));
      } catch (EtcdFormatException e) {
        // etcd skips a broken snapshot file and tries the next older one
      }
    }
    return Optional.empty();
  }

  /** Reads one .snap file. @throws EtcdFormatException with etcd's snap error text */
  public static Snapshot read(Path file) {
    try {
      byte[] b = Files.readAllBytes(file);
      if (b.length == 0) {
        throw new EtcdFormatException("snap: empty snapshot");
      }
      dev.etcdj.api.snappb.Snapshot s = dev.etcdj.api.snappb.Snapshot.parseFrom(b);
      if (s.getData().isEmpty() || s.getCrc() == 0) {
        throw new EtcdFormatException("snap: empty snapshot");
      }
      byte[] data = s.getData().toByteArray();
      if (Crc32c.update(0, data) != s.getCrc()) {
        throw new EtcdFormatException("snap: crc mismatch");
      }
      return Snapshot.parseFrom(data);
    } catch (InvalidProtocolBufferException e) {
      throw new EtcdFormatException("snap: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new EtcdFormatException(e.toString(), e);
    }
  }

  /** Writes {@code snap} into {@code dir} under etcd's name for it, synced. */
  public static Path save(Path dir, Snapshot snap) {
    String name = String.format("%016x-%016x.snap", snap.getMetadata().getTerm(),
        snap.getMetadata().getIndex());
    byte[] data = snap.toByteArray();
    byte[] file = dev.etcdj.api.snappb.Snapshot.newBuilder().setCrc(Crc32c.update(0, data))
        .setData(ByteString.copyFrom(data)).build().toByteArray();
    Path p = dir.resolve(name);
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(ByteBuffer.wrap(file));
      ch.force(true);
    } catch (IOException e) {
      throw new EtcdFormatException(e.toString(), e);
    }
    return p;
  }
}

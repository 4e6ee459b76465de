package dev.etcdj.storage.etcdfmt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** etcd's WAL segment names, {@code %016x-%016x.wal} (sequence, first entry index). */
final class WalNames {
  /** etcd preallocates, and cuts, segments at this size. */
  static final long SEGMENT_SIZE = 64L * 1000 * 1000;

  private WalNames() {}

  static String name(long seq, long index) {
    return String.format("%016x-%016x.wal", seq, index);
  }

  static long seq(String name) {
    return Long.parseUnsignedLong(name.substring(0, 16), 16);
  }

  static long index(String name) {
    return Long.parseUnsignedLong(name.substring(17, 33), 16);
  }

  static boolean valid(String name) {
    return name.matches("[0-9a-f]{16}-[0-9a-f]{16}\\.wal");
  }

  /**
   * The segments to read for a snapshot at {@code snapIndex}: from the last one whose first
   * index is at most it, all with consecutive sequence numbers.
   */
  static List<Path> select(Path dir, long snapIndex) {
    List<String> names = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.map(p -> p.getFileName().toString()).filter(WalNames::valid).sorted().forEach(names::add);
    } catch (NoSuchFileException e) {
      throw new EtcdFormatException("open " + dir + ": no such file or directory", e);
    } catch (IOException e) {
      throw new EtcdFormatException(e.toString(), e);
    }
    int start = -1;
    for (int i = names.size() - 1; i >= 0; i--) {
      if (Long.compareUnsigned(snapIndex, index(names.get(i))) >= 0) {
        start = i;
        break;
      }
    }
    if (start < 0) {
      throw new EtcdFormatException("wal: file not found");
    }
    List<Path> out = new ArrayList<>();
    for (int i = start; i < names.size(); i++) {
      if (i > start && seq(names.get(i)) != seq(names.get(i - 1)) + 1) {
        throw new EtcdFormatException("wal: file not found");
      }
      out.add(dir.resolve(names.get(i)));
    }
    return out;
  }
}

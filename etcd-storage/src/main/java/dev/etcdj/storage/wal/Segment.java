package dev.etcdj.storage.wal;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A segment file: {@code %016x-%016x.wal} = sequence number, first raft index expected in it. */
record Segment(long seq, long index, Path path) implements Comparable<Segment> {
  private static final Pattern NAME = Pattern.compile("([0-9a-f]{16})-([0-9a-f]{16})\\.wal");

  static String name(long seq, long index) {
    return String.format("%016x-%016x.wal", seq, index);
  }

  /** Parses a file name, or returns null if it is not a segment name. */
  static Segment parse(Path p) {
    Matcher m = NAME.matcher(p.getFileName().toString());
    if (!m.matches()) {
      return null;
    }
    return new Segment(Long.parseUnsignedLong(m.group(1), 16),
        Long.parseUnsignedLong(m.group(2), 16), p);
  }

  @Override
  public int compareTo(Segment o) {
    return Long.compareUnsigned(seq, o.seq);
  }
}

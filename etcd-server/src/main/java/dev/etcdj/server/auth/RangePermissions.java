package dev.etcdj.server.auth;

import com.google.protobuf.ByteString;
import dev.etcdj.api.Permission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One user's key permissions, merged over all their roles (etcd's range permission cache): a
 * sorted list of disjoint half-open key intervals for reading and one for writing. An empty end
 * means "to the end of the key space", as a range end of "\0" does.
 */
public final class RangePermissions {
  private static final byte[] INFINITY = new byte[0];

  private record Interval(byte[] begin, byte[] end) {}

  private final List<Interval> read;
  private final List<Interval> write;

  private RangePermissions(List<Interval> read, List<Interval> write) {
    this.read = read;
    this.write = write;
  }

  public static RangePermissions merge(List<Permission> perms) {
    List<Interval> read = new ArrayList<>();
    List<Interval> write = new ArrayList<>();
    for (Permission p : perms) {
      Interval ivl = interval(p.getKey(), p.getRangeEnd());
      if (p.getPermType() != Permission.Type.WRITE) {
        read.add(ivl);
      }
      if (p.getPermType() != Permission.Type.READ) {
        write.add(ivl);
      }
    }
    return new RangePermissions(union(read), union(write));
  }

  /** A permission's key range: a single key when it has no range end, open-ended for "\0". */
  private static Interval interval(ByteString key, ByteString rangeEnd) {
    byte[] begin = key.toByteArray();
    if (rangeEnd.isEmpty()) {
      return new Interval(begin, successor(begin));
    }
    if (rangeEnd.size() == 1 && rangeEnd.byteAt(0) == 0) {
      return new Interval(begin, INFINITY);
    }
    return new Interval(begin, rangeEnd.toByteArray());
  }

  public boolean canRead(byte[] key, byte[] rangeEnd) {
    return covers(read, key, rangeEnd);
  }

  public boolean canWrite(byte[] key, byte[] rangeEnd) {
    return covers(write, key, rangeEnd);
  }

  /**
   * A single key (no range end) must lie in some interval; a range must be covered entirely by
   * the union of the intervals (etcd's interval tree Intersects and Contains).
   */
  private static boolean covers(List<Interval> granted, byte[] key, byte[] rangeEnd) {
    byte[] end;
    if (rangeEnd == null || rangeEnd.length == 0) {
      end = successor(key);
    } else if (rangeEnd.length == 1 && rangeEnd[0] == 0) {
      end = INFINITY;
    } else {
      end = rangeEnd;
    }
    if (keyVersusEnd(key, end) >= 0) {
      return false;
    }
    for (Interval ivl : granted) {
      if (Arrays.compareUnsigned(ivl.begin, key) <= 0 && compareEnds(end, ivl.end) <= 0) {
        return true;
      }
    }
    return false;
  }

  /** Sorts and merges overlapping or touching intervals so coverage is one containment test. */
  private static List<Interval> union(List<Interval> intervals) {
    List<Interval> sorted = new ArrayList<>(intervals);
    sorted.sort(Comparator.comparing(Interval::begin, Arrays::compareUnsigned));
    List<Interval> out = new ArrayList<>();
    for (Interval ivl : sorted) {
      if (!out.isEmpty()) {
        Interval last = out.get(out.size() - 1);
        if (keyVersusEnd(ivl.begin, last.end) <= 0) {
          byte[] end = compareEnds(ivl.end, last.end) > 0 ? ivl.end : last.end;
          out.set(out.size() - 1, new Interval(last.begin, end));
          continue;
        }
      }
      out.add(ivl);
    }
    return List.copyOf(out);
  }

  /** Compares two interval ends, the empty end being past every key. */
  private static int compareEnds(byte[] a, byte[] b) {
    if (a.length == 0 || b.length == 0) {
      return Boolean.compare(a.length == 0, b.length == 0);
    }
    return Arrays.compareUnsigned(a, b);
  }

  /** Compares a key with an interval end (the empty end being past every key). */
  private static int keyVersusEnd(byte[] key, byte[] end) {
    return end.length == 0 ? -1 : Arrays.compareUnsigned(key, end);
  }

  /** The smallest key after {@code key}: a single key is the interval [key, key+"\0"). */
  private static byte[] successor(byte[] key) {
    return Arrays.copyOf(key, key.length + 1);
  }
}

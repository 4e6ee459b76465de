package dev.etcdj.storage.mvcc;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Key encodings for the column families (see package-info for worked examples). All integers
 * are big-endian so that bytewise (unsigned) order equals numeric order.
 */
final class Keys {
  static final int REV_LEN = 16;
  /** Longer than any suffix of an index group: {@code prefix + SKIP} sorts after the group. */
  static final byte[] SKIP = filled(REV_LEN + 1, (byte) 0xFF);

  static final byte FLAG_PUT = 0;
  static final byte FLAG_TOMBSTONE = 1;

  private Keys() {}

  /** kv column family key: u64 main, u64 sub. */
  static byte[] rev(long main, long sub) {
    byte[] b = new byte[REV_LEN];
    putLong(b, 0, main);
    putLong(b, 8, sub);
    return b;
  }

  static long revMain(byte[] k) {
    return getLong(k, 0);
  }

  static long revSub(byte[] k) {
    return getLong(k, 8);
  }

  /**
   * Order-preserving, prefix-free encoding of a user key: 0x00 becomes 0x00 0xFF, and the key
   * ends with 0x00 0x01. For any keys a, b: a &lt; b (unsigned) iff enc(a) &lt; enc(b), and no
   * enc(a) is a proper prefix of enc(b).
   */
  static byte[] enc(byte[] key) {
    int zeros = 0;
    for (byte x : key) {
      if (x == 0) {
        zeros++;
      }
    }
    byte[] out = new byte[key.length + zeros + 2];
    int j = 0;
    for (byte x : key) {
      out[j++] = x;
      if (x == 0) {
        out[j++] = (byte) 0xFF;
      }
    }
    out[j++] = 0;
    out[j] = 1;
    return out;
  }

  /** Decodes {@code enc(key)} found in {@code b[0, len)}. */
  static byte[] dec(byte[] b, int len) {
    byte[] out = new byte[len];
    int j = 0;
    for (int i = 0; i < len; i++) {
      if (b[i] == 0) {
        if (b[i + 1] == 1) {
          break;
        }
        i++; // 0x00 0xFF
      }
      out[j++] = b[i];
    }
    return Arrays.copyOf(out, j);
  }

  /**
   * index column family key: enc(key) + u64 ~main + u64 ~sub. Inverting the revision puts the
   * newest revision of a key first in its group.
   */
  static byte[] indexKey(byte[] encKey, long main, long sub) {
    byte[] b = Arrays.copyOf(encKey, encKey.length + REV_LEN);
    putLong(b, encKey.length, ~main);
    putLong(b, encKey.length + 8, ~sub);
    return b;
  }

  /** Main revision of an index key. */
  static long indexMain(byte[] k) {
    return ~getLong(k, k.length - REV_LEN);
  }

  static long indexSub(byte[] k) {
    return ~getLong(k, k.length - 8);
  }

  /** True if index keys a and b belong to the same user key (same group). */
  static boolean sameGroup(byte[] a, byte[] b) {
    int la = a.length - REV_LEN;
    return la == b.length - REV_LEN && Arrays.equals(a, 0, la, b, 0, la);
  }

  static byte[] groupPrefix(byte[] indexKey) {
    return Arrays.copyOf(indexKey, indexKey.length - REV_LEN);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** meta column family key: u8 bucket-name length, bucket name (UTF-8), key. */
  static byte[] metaKey(String bucket, byte[] key) {
    return concat(bucketPrefix(bucket), key);
  }

  static byte[] bucketPrefix(String bucket) {
    byte[] name = bucket.getBytes(StandardCharsets.UTF_8);
    if (name.length == 0 || name.length > 255) {
      throw new IllegalArgumentException("bucket name must be 1..255 bytes: " + bucket);
    }
    byte[] out = new byte[name.length + 1];
    out[0] = (byte) name.length;
    System.arraycopy(name, 0, out, 1, name.length);
    return out;
  }

  /** Smallest byte string greater than every string starting with {@code prefix}, or null. */
  static byte[] prefixEnd(byte[] prefix) {
    byte[] end = prefix.clone();
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xFF) {
        end[i]++;
        return Arrays.copyOf(end, i + 1);
      }
    }
    return null;
  }

  static byte[] longBytes(long v) {
    byte[] b = new byte[8];
    putLong(b, 0, v);
    return b;
  }

  static void putLong(byte[] b, int off, long v) {
    for (int i = 7; i >= 0; i--) {
      b[off + i] = (byte) v;
      v >>>= 8;
    }
  }

  static long getLong(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[off + i] & 0xFF);
    }
    return v;
  }

  private static byte[] filled(int n, byte v) {
    byte[] b = new byte[n];
    Arrays.fill(b, v);
    return b;
  }
}

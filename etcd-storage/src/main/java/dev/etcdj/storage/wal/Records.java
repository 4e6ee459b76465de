package dev.etcdj.storage.wal;

import java.util.zip.CRC32C;

/** Record framing constants and big-endian helpers; see package-info for the format. */
final class Records {
  static final int HEADER = 8; // u32 payload length + u32 CRC32C(payload)
  static final int MAX_PAYLOAD = 256 * 1024 * 1024;

  static final byte TYPE_METADATA = 1;
  static final byte TYPE_ENTRY = 2;
  static final byte TYPE_STATE = 3;
  static final byte TYPE_SNAPSHOT = 4;

  private Records() {}

  static boolean knownType(byte t) {
    return t >= TYPE_METADATA && t <= TYPE_SNAPSHOT;
  }

  /** Minimum body length (payload minus the type byte) for a type. */
  static int minBody(byte t) {
    return switch (t) {
      case TYPE_ENTRY -> 20;
      case TYPE_STATE -> 24;
      case TYPE_SNAPSHOT -> 16;
      default -> 0;
    };
  }

  /**
   * Returns the payload length if a complete, CRC-valid record starts at {@code off} within
   * {@code [0, end)}, else -1. A zero length field is never valid.
   */
  static int validRecordAt(byte[] b, int off, int end, CRC32C crc) {
    if (off + HEADER + 1 > end) {
      return -1;
    }
    int n = getInt(b, off);
    if (n <= 0 || n > MAX_PAYLOAD || n > end - off - HEADER) {
      return -1;
    }
    byte type = b[off + HEADER];
    if (!knownType(type) || n - 1 < minBody(type)) {
      return -1;
    }
    crc.reset();
    crc.update(b, off + HEADER, n);
    return ((int) crc.getValue()) == getInt(b, off + 4) ? n : -1;
  }

  static void putLong(byte[] b, int off, long v) {
    for (int i = 7; i >= 0; i--) {
      b[off + i] = (byte) v;
      v >>>= 8;
    }
  }

  static void putInt(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }

  static long getLong(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[off + i] & 0xFF);
    }
    return v;
  }

  static int getInt(byte[] b, int off) {
    return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8)
        | (b[off + 3] & 0xFF);
  }
}

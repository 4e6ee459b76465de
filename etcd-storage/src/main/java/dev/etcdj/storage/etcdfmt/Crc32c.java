package dev.etcdj.storage.etcdfmt;

/**
 * CRC-32C (Castagnoli) that continues from a previous value, as Go's {@code crc32.Update}:
 * etcd chains each WAL record's CRC from the one before, across segments, which
 * {@link java.util.zip.CRC32C} cannot seed.
 */
final class Crc32c {
  private static final int[] TABLE = new int[256];

  static {
    for (int i = 0; i < 256; i++) {
      int c = i;
      for (int k = 0; k < 8; k++) {
        c = (c & 1) != 0 ? (c >>> 1) ^ 0x82F63B78 : c >>> 1;
      }
      TABLE[i] = c;
    }
  }

  private Crc32c() {}

  /** The CRC of everything {@code crc} covered followed by {@code b}. */
  static int update(int crc, byte[] b) {
    int c = ~crc;
    for (byte x : b) {
      c = TABLE[(c ^ x) & 0xff] ^ (c >>> 8);
    }
    return ~c;
  }
}

package dev.etcdj.storage.bolt;

/** Constants of bbolt's file format (see package-info). */
final class BoltFormat {
  static final int PAGE_SIZE = 4096;
  static final int PAGE_HEADER = 16;
  static final int ELEMENT = 16;
  static final int MAGIC = 0xED0CDAED;
  static final int VERSION = 2;
  static final int BRANCH = 0x01;
  static final int LEAF = 0x02;
  static final int META = 0x04;
  static final int FREELIST = 0x10;
  static final int BUCKET_LEAF = 0x01;
  static final long NO_FREELIST = -1L;
  /** Bytes of the meta covered by its checksum. */
  static final int META_CHECKED = 56;

  private BoltFormat() {}

  /** 64-bit FNV-1a, bbolt's meta checksum. */
  static long fnv64a(byte[] b, int off, int len) {
    long h = 0xcbf29ce484222325L;
    for (int i = off; i < off + len; i++) {
      h ^= b[i] & 0xFF;
      h *= 0x100000001b3L;
    }
    return h;
  }
}

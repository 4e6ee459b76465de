package dev.etcdj.storage.wal;

import java.util.zip.CRC32C;

/**
 * Parses the records of one segment image and decides what a bad spot means.
 *
 * <p>Scanning stops at the first offset X where no valid record starts. Then:
 * <ul>
 *   <li>everything from X to the end is zero: the clean end of the log (preallocated space);
 *   <li>a valid record can be found anywhere after X: mid-log corruption, an error;
 *   <li>otherwise, in the last segment: a torn tail (a write that never completed before a
 *       crash); the caller truncates at X. In an earlier segment it is an error, because a
 *       segment is fsynced and trimmed before the next one is created.
 * </ul>
 */
final class SegmentScanner {
  interface Visitor {
    void record(byte type, byte[] buf, int bodyOff, int bodyLen) throws WalCorruptedException;
  }

  /** Result: where valid data ends, and whether bytes after that must be zeroed (torn tail). */
  record Result(int validEnd, int dirtyEnd) {
    boolean torn() {
      return dirtyEnd > validEnd;
    }
  }

  private SegmentScanner() {}

  static Result scan(String name, byte[] b, int end, boolean lastSegment, Visitor v)
      throws WalCorruptedException {
    CRC32C crc = new CRC32C();
    int off = 0;
    while (true) {
      int n = Records.validRecordAt(b, off, end, crc);
      if (n < 0) {
        break;
      }
      v.record(b[off + Records.HEADER], b, off + Records.HEADER + 1, n - 1);
      off += Records.HEADER + n;
    }
    int lastNonZero = -1;
    for (int i = end - 1; i >= off; i--) {
      if (b[i] != 0) {
        lastNonZero = i;
        break;
      }
    }
    if (lastNonZero < 0) {
      return new Result(off, off);
    }
    for (int i = off + 1; i <= lastNonZero; i++) {
      if (Records.validRecordAt(b, i, end, crc) >= 0) {
        throw new WalCorruptedException("wal: corrupt record in segment " + name + " at offset "
            + off + " followed by valid data at offset " + i);
      }
    }
    if (!lastSegment) {
      throw new WalCorruptedException(
          "wal: corrupt or partial record in non-last segment " + name + " at offset " + off);
    }
    return new Result(off, lastNonZero + 1);
  }
}

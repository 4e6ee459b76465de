package dev.etcdj.storage.etcdfmt;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.etcdj.api.walpb.Record;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Reads the framed records of consecutive WAL segments: an 8-byte little-endian length word
 * (low 56 bits the record size; when the top bit is set, its low 3 bits count the padding to
 * 8-byte alignment), the walpb.Record, the padding. A zero length word ends a segment (the
 * rest is preallocated). Each record's CRC chains from the previous one's.
 */
final class WalDecoder implements AutoCloseable {
  private final Deque<Path> segments;
  private DataInputStream in;
  private int crc;

  WalDecoder(List<Path> segments) {
    this.segments = new ArrayDeque<>(segments);
  }

  int crc() {
    return crc;
  }

  /** Restarts the chain from a CRC record's value. */
  void resetCrc(int crc) {
    this.crc = crc;
  }

  /**
   * The next record, or null at the end of the log, including a torn last record (etcd reads
   * up to it in read-only mode).
   */
  Record next() throws IOException {
    while (true) {
      if (in == null) {
        if (segments.isEmpty()) {
          return null;
        }
        in = new DataInputStream(new BufferedInputStream(Files.newInputStream(segments.poll()), 1 << 16));
      }
      byte[] word = new byte[8];
      int n = in.readNBytes(word, 0, 8);
      long len = n == 8 ? littleEndian(word) : 0;
      if (n == 0 || (n == 8 && len == 0)) {
        in.close();
        in = null;
        continue;
      }
      if (n < 8) {
        return null;
      }
      long size = len & 0x00FF_FFFF_FFFF_FFFFL;
      int pad = len < 0 ? (int) ((len >>> 56) & 0x7) : 0;
      if (size + pad > Integer.MAX_VALUE - 8) {
        return null;
      }
      byte[] data = new byte[(int) size + pad];
      try {
        in.readFully(data);
      } catch (EOFException e) {
        return null;
      }
      byte[] body = pad == 0 ? data : Arrays.copyOf(data, (int) size);
      Record rec;
      try {
        rec = Record.parseFrom(body);
      } catch (InvalidProtocolBufferException e) {
        if (torn(data)) {
          return null;
        }
        throw new EtcdFormatException("wal: " + e.getMessage(), e);
      }
      if (rec.getType() != RecordType.CRC) {
        crc = Crc32c.update(crc, rec.getData().toByteArray());
        if (rec.getCrc() != crc) {
          if (torn(data)) {
            return null;
          }
          throw new EtcdFormatException("walpb: crc mismatch");
        }
      }
      return rec;
    }
  }

  /** etcd's torn-write test: some 512-byte sector of the record is all zeros. */
  private static boolean torn(byte[] data) {
    for (int off = 0; off < data.length; off += 512) {
      boolean zero = true;
      for (int i = off; i < Math.min(data.length, off + 512) && zero; i++) {
        zero = data[i] == 0;
      }
      if (zero) {
        return true;
      }
    }
    return false;
  }

  private static long littleEndian(byte[] b) {
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (b[i] & 0xff);
    }
    return v;
  }

  @Override
  public void close() throws IOException {
    if (in != null) {
      in.close();
    }
  }
}

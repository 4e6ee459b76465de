package dev.etcdj.storage.wal;

import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * A growable byte buffer that encodes WAL records back to back, so a whole {@link Wal#save}
 * batch becomes one write. Not thread-safe; owned by the WAL's writer.
 */
final class RecordBuffer {
  private byte[] buf = new byte[64 * 1024];
  private int len;
  private final CRC32C crc = new CRC32C();

  void reset() {
    len = 0;
    if (buf.length > 16 * 1024 * 1024) {
      buf = new byte[64 * 1024]; // do not pin a huge buffer after one big batch
    }
  }

  int length() {
    return len;
  }

  byte[] array() {
    return buf;
  }

  void appendEntry(WalEntry e) {
    int start = begin(Records.TYPE_ENTRY, 20 + e.data().length);
    putLong(e.term());
    putLong(e.index());
    putInt(e.type());
    System.arraycopy(e.data(), 0, buf, len, e.data().length);
    len += e.data().length;
    finish(start);
  }

  void appendState(HardState s) {
    int start = begin(Records.TYPE_STATE, 24);
    putLong(s.term());
    putLong(s.vote());
    putLong(s.commit());
    finish(start);
  }

  void appendSnapshot(WalSnapshot s) {
    int start = begin(Records.TYPE_SNAPSHOT, 16);
    putLong(s.index());
    putLong(s.term());
    finish(start);
  }

  void appendMetadata(byte[] metadata) {
    int start = begin(Records.TYPE_METADATA, metadata.length);
    System.arraycopy(metadata, 0, buf, len, metadata.length);
    len += metadata.length;
    finish(start);
  }

  /** Reserves the header and writes the type byte; returns the record start. */
  private int begin(byte type, int bodyLen) {
    if (bodyLen + 1 > Records.MAX_PAYLOAD) {
      throw new IllegalArgumentException("WAL record too large: " + bodyLen + " bytes");
    }
    ensure(Records.HEADER + 1 + bodyLen);
    int start = len;
    len += Records.HEADER;
    buf[len++] = type;
    return start;
  }

  private void finish(int start) {
    int payloadLen = len - start - Records.HEADER;
    crc.reset();
    crc.update(buf, start + Records.HEADER, payloadLen);
    Records.putInt(buf, start, payloadLen);
    Records.putInt(buf, start + 4, (int) crc.getValue());
  }

  private void ensure(int extra) {
    if (len + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }
  }

  private void putLong(long v) {
    Records.putLong(buf, len, v);
    len += 8;
  }

  private void putInt(int v) {
    Records.putInt(buf, len, v);
    len += 4;
  }
}

package dev.etcdj.storage.etcdfmt;

import com.google.protobuf.ByteString;
import dev.etcdj.api.walpb.Record;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/** Appends framed, CRC-chained records to a WAL segment (the inverse of {@link WalDecoder}). */
final class WalEncoder {
  private final FileChannel out;
  private int crc;

  WalEncoder(FileChannel out, int prevCrc) {
    this.out = out;
    this.crc = prevCrc;
  }

  int crc() {
    return crc;
  }

  /** Writes a record of {@code type}; {@code data} null for none (a CRC record). */
  void encode(long type, byte[] data) throws IOException {
    Record.Builder rec = Record.newBuilder().setType(type);
    if (data != null) {
      crc = Crc32c.update(crc, data);
      rec.setData(ByteString.copyFrom(data));
    }
    byte[] body = rec.setCrc(crc).build().toByteArray();
    int pad = (8 - body.length % 8) % 8;
    long len = body.length;
    if (pad != 0) {
      len |= (long) (0x80 | pad) << 56;
    }
    ByteBuffer buf = ByteBuffer.allocate(8 + body.length + pad).order(ByteOrder.LITTLE_ENDIAN);
    buf.putLong(len).put(body).position(buf.capacity()).flip();
    while (buf.hasRemaining()) {
      out.write(buf);
    }
  }

  long offset() throws IOException {
    return out.position();
  }
}

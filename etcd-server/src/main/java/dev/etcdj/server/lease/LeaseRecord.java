package dev.etcdj.server.lease;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * A lease as stored in the meta bucket {@value #BUCKET}: key = the ID as 8 big-endian bytes,
 * value = etcd's {@code leasepb.Lease} wire format (1: ID, 2: TTL, 3: RemainingTTL).
 */
public record LeaseRecord(long id, long ttl, long remainingTtl) {
  public static final String BUCKET = "lease";

  /** A lease without a persisted checkpoint. */
  public LeaseRecord(long id, long ttl) {
    this(id, ttl, 0);
  }

  public byte[] key() {
    return key(id);
  }

  public static byte[] key(long id) {
    return ByteBuffer.allocate(8).putLong(id).array();
  }

  public byte[] value() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(24);
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.writeInt64(1, id);
      out.writeInt64(2, ttl);
      if (remainingTtl != 0) {
        out.writeInt64(3, remainingTtl);
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @throws IllegalStateException if the value is not a leasepb.Lease */
  public static LeaseRecord decode(byte[] value) {
    try {
      CodedInputStream in = CodedInputStream.newInstance(value);
      long id = 0;
      long ttl = 0;
      long remainingTtl = 0;
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        switch (tag >>> 3) {
          case 1 -> id = in.readInt64();
          case 2 -> ttl = in.readInt64();
          case 3 -> remainingTtl = in.readInt64();
          default -> in.skipField(tag);
        }
      }
      return new LeaseRecord(id, ttl, remainingTtl);
    } catch (IOException e) {
      throw new IllegalStateException("corrupt lease record", e);
    }
  }
}

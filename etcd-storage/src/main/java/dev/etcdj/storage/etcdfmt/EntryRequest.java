package dev.etcdj.storage.etcdfmt;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.etcdj.api.etcdserverpb.Request;
import java.io.IOException;
import java.util.Set;

/**
 * What a normal raft entry of etcd 3.4 carries: an InternalRaftRequest (v3, with a header; its
 * field 2 is a v2 Request) or, as etcd proposes v2 writes, a bare v2 Request. etcd tells them
 * apart by trying the InternalRaftRequest first with gogo's strict decoder, which rejects a
 * known field of the wrong wire type; this does the same check, since protobuf-java keeps such
 * a field as unknown instead.
 *
 * @param v2 the v2 request, or null
 * @param header true if the entry is an InternalRaftRequest with a header (a v3 request)
 */
public record EntryRequest(Request v2, boolean header) {
  private static final int HEADER_FIELD = 100;
  private static final Set<Integer> REQUEST_VARINTS =
      Set.of(1, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17);
  private static final Set<Integer> REQUEST_BYTES = Set.of(2, 3, 4, 6);

  /** Decodes an entry's data. @throws EtcdFormatException if it is neither kind */
  public static EntryRequest decode(byte[] data) {
    try {
      if (internalRaftRequest(data)) {
        Request v2 = null;
        boolean header = false;
        CodedInputStream in = CodedInputStream.newInstance(data);
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
          int field = tag >>> 3;
          if (field == 2) {
            v2 = Request.parseFrom(in.readBytes());
          } else {
            header |= field == HEADER_FIELD;
            in.skipField(tag);
          }
        }
        return new EntryRequest(v2, header);
      }
      return new EntryRequest(Request.parseFrom(data), false);
    } catch (IOException e) {
      throw new EtcdFormatException("proto: " + e.getMessage(), e);
    }
  }

  /** True if gogo would decode {@code data} as an InternalRaftRequest without error. */
  private static boolean internalRaftRequest(byte[] data) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(data);
    try {
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        int field = tag >>> 3;
        int wire = tag & 7;
        if (field == 1) {
          if (wire != 0) {
            return false;
          }
          in.readUInt64();
        } else if (wire != 2) {
          return false;
        } else {
          byte[] body = in.readBytes().toByteArray();
          if (field == 2 ? !strict(body, REQUEST_VARINTS, REQUEST_BYTES) : !wellFormed(body)) {
            return false;
          }
        }
      }
      return true;
    } catch (InvalidProtocolBufferException e) {
      return false;
    }
  }

  private static boolean wellFormed(byte[] body) throws IOException {
    return strict(body, Set.of(), Set.of());
  }

  /** Every field well framed, none a group, the given fields of the given wire types. */
  private static boolean strict(byte[] body, Set<Integer> varints, Set<Integer> bytes)
      throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(body);
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = tag >>> 3;
      int wire = tag & 7;
      if (wire == 3 || wire == 4 || wire > 5
          || (varints.contains(field) && wire != 0) || (bytes.contains(field) && wire != 2)) {
        return false;
      }
      in.skipField(tag);
    }
    return true;
  }
}

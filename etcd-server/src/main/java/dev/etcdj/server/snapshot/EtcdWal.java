package dev.etcdj.server.snapshot;

import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what a member's identity and membership need from an etcd 3.4 WAL (not ours): the
 * metadata (member and cluster ID) and the conf change entries. Frames are a little-endian
 * u64 (low 56 bits: record size; top bit set: the low 3 bits of the top byte are padding)
 * followed by a walpb.Record {1: type, 2: crc, 3: data}; type 1 is metadata
 * (etcdserverpb.Metadata {1: NodeID, 2: ClusterID}), type 2 a raftpb.Entry {1: Type, 2: Term,
 * 3: Index, 4: Data}. CRCs are not checked: this only reads a WAL real etcd tools wrote.
 */
final class EtcdWal {
  /** A conf change (raftpb.ConfChange): type 0 add, 1 remove, 2 update, 3 add learner. */
  record ConfChange(int type, long nodeId, byte[] context) {}

  record Contents(long memberId, long clusterId, List<ConfChange> confChanges) {}

  private EtcdWal() {}

  static Contents read(Path walDir) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(walDir, "*.wal")) {
      ds.forEach(files::add);
    }
    files.sort(null);
    long memberId = 0;
    long clusterId = 0;
    List<ConfChange> changes = new ArrayList<>();
    for (Path f : files) {
      try (InputStream in = Files.newInputStream(f)) {
        while (true) {
          byte[] len = in.readNBytes(8);
          if (len.length < 8) {
            break;
          }
          long field = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong();
          if (field == 0) {
            break; // preallocated space
          }
          int size = (int) (field & 0x00FFFFFFFFFFFFFFL);
          int pad = field < 0 ? (int) ((field >>> 56) & 0x7) : 0;
          byte[] rec = in.readNBytes(size + pad);
          if (rec.length < size) {
            break; // torn tail
          }
          long type = 0;
          byte[] data = new byte[0];
          CodedInputStream r = CodedInputStream.newInstance(rec, 0, size);
          for (int tag = r.readTag(); tag != 0; tag = r.readTag()) {
            switch (tag >>> 3) {
              case 1 -> type = r.readInt64();
              case 3 -> data = r.readByteArray();
              default -> r.skipField(tag);
            }
          }
          if (type == 1) {
            CodedInputStream m = CodedInputStream.newInstance(data);
            for (int tag = m.readTag(); tag != 0; tag = m.readTag()) {
              switch (tag >>> 3) {
                case 1 -> memberId = m.readUInt64();
                case 2 -> clusterId = m.readUInt64();
                default -> m.skipField(tag);
              }
            }
          } else if (type == 2) {
            ConfChange cc = confChange(data);
            if (cc != null) {
              changes.add(cc);
            }
          }
        }
      }
    }
    if (memberId == 0) {
      throw new IOException("no metadata in the etcd WAL at " + walDir);
    }
    return new Contents(memberId, clusterId, changes);
  }

  /** The conf change of a raftpb.Entry of type EntryConfChange (1), else null. */
  private static ConfChange confChange(byte[] entry) throws IOException {
    CodedInputStream e = CodedInputStream.newInstance(entry);
    long entryType = 0;
    byte[] data = null;
    for (int tag = e.readTag(); tag != 0; tag = e.readTag()) {
      switch (tag >>> 3) {
        case 1 -> entryType = e.readInt64();
        case 4 -> data = e.readByteArray();
        default -> e.skipField(tag);
      }
    }
    if (entryType != 1 || data == null) {
      return null;
    }
    CodedInputStream c = CodedInputStream.newInstance(data);
    int type = 0;
    long nodeId = 0;
    byte[] context = new byte[0];
    for (int tag = c.readTag(); tag != 0; tag = c.readTag()) {
      switch (tag >>> 3) {
        case 2 -> type = c.readEnum();
        case 3 -> nodeId = c.readUInt64();
        case 4 -> context = c.readByteArray();
        default -> c.skipField(tag);
      }
    }
    return new ConfChange(type, nodeId, context);
  }
}

package dev.etcdj.server.snapshot;

import dev.etcdj.api.etcdserverpb.Metadata;
import dev.etcdj.api.raftpb.Entry;
import dev.etcdj.api.raftpb.EntryType;
import dev.etcdj.api.walpb.Snapshot;
import dev.etcdj.storage.etcdfmt.EtcdFormatException;
import dev.etcdj.storage.etcdfmt.EtcdWalReader;
import dev.etcdj.storage.etcdfmt.WalContents;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a member's identity and membership need from an etcd 3.4 WAL (not ours), read with
 * {@link EtcdWalReader}: the metadata (member and cluster ID) and the conf change entries.
 */
final class EtcdWal {
  /** A conf change (raftpb.ConfChange): type 0 add, 1 remove, 2 update, 3 add learner. */
  record ConfChange(int type, long nodeId, byte[] context) {}

  record Contents(long memberId, long clusterId, List<ConfChange> confChanges) {}

  private EtcdWal() {}

  static Contents read(Path walDir) throws IOException {
    WalContents wal;
    try {
      wal = EtcdWalReader.readAll(walDir, Snapshot.getDefaultInstance());
    } catch (EtcdFormatException e) {
      throw new IOException("cannot read the etcd WAL at " + walDir + ": " + e.getMessage(), e);
    }
    if (wal.metadata() == null) {
      throw new IOException("no metadata in the etcd WAL at " + walDir);
    }
    Metadata meta = Metadata.parseFrom(wal.metadata());
    List<ConfChange> changes = new ArrayList<>();
    for (Entry e : wal.entries()) {
      if (e.getType() == EntryType.EntryConfChange) {
        var cc = dev.etcdj.api.raftpb.ConfChange.parseFrom(e.getData());
        changes.add(new ConfChange(cc.getType().getNumber(), cc.getNodeId(), cc.getContext().toByteArray()));
      }
    }
    return new Contents(meta.getNodeID(), meta.getClusterID(), changes);
  }
}

package dev.etcdj.server.snapshot;

import dev.etcdj.raft.ConfState;
import dev.etcdj.server.DataDir;
import dev.etcdj.server.apply.MembershipApplier;
import dev.etcdj.server.membership.ClusterMembership;
import dev.etcdj.server.membership.MemberInfo;
import dev.etcdj.server.raft.RaftStorage;
import dev.etcdj.storage.bolt.BoltReader;
import dev.etcdj.storage.mvcc.MvccStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Writes a member data dir holding given contents (an etcd backend's, or only a v2 tree): the
 * store loaded with {@code cluster} as its membership, and the WAL and snapshot of a founding
 * member of that cluster (as a new cluster's bootstrap writes them), so the member starts as a
 * restart.
 */
final class MemberDataWriter {
  private MemberDataWriter() {}

  static BoltImport.Result write(DataDir dir, BoltReader db, ClusterMembership cluster) throws IOException {
    return write(dir, cluster, store -> BoltImport.load(db, store, false, 0));
  }

  /** As above, with {@code load} filling the new, empty store. */
  static BoltImport.Result write(DataDir dir, ClusterMembership cluster, Function<MvccStore, BoltImport.Result> load)
      throws IOException {
    Files.createDirectories(dir.snap());
    BoltImport.Result r;
    try (MvccStore store = MvccStore.open(dir.db())) {
      r = load.apply(store);
      MembershipApplier.saveInitial(store, cluster, 0);
    }
    Set<Long> voters = cluster.members().stream().filter(m -> !m.learner()).map(MemberInfo::id)
        .collect(Collectors.toSet());
    Set<Long> learners = cluster.members().stream().filter(MemberInfo::learner).map(MemberInfo::id)
        .collect(Collectors.toSet());
    byte[] meta = ByteBuffer.allocate(16).putLong(cluster.localId()).putLong(cluster.clusterId()).array();
    RaftStorage.bootstrap(dir.wal(), dir.snap(), meta, new ConfState(voters, learners), 5).close();
    return r;
  }
}

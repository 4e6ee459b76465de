package dev.etcdj.server;

import com.linecorp.armeria.common.CommonPools;
import com.linecorp.armeria.server.HttpService;
import dev.etcdj.api.AlarmType;
import dev.etcdj.api.Member;
import dev.etcdj.discovery.ClusterIds;
import dev.etcdj.server.api.ClusterService;
import dev.etcdj.server.compactor.AutoCompactor;
import dev.etcdj.server.compactor.CompactionPolicy;
import dev.etcdj.server.api.Headers;
import dev.etcdj.server.api.KvService;
import dev.etcdj.server.api.MaintenanceService;
import dev.etcdj.server.apply.AlarmStore;
import dev.etcdj.server.apply.AppliedIndex;
import dev.etcdj.server.apply.ApplyLoop;
import dev.etcdj.server.apply.BackendApplier;
import dev.etcdj.server.apply.CappedApplier;
import dev.etcdj.server.apply.CompactionTracker;
import dev.etcdj.server.apply.SnapshotPolicy;
import dev.etcdj.server.apply.WaitRegistry;
import dev.etcdj.server.config.ServerConfig;
import dev.etcdj.server.consensus.SingleMemberLog;
import dev.etcdj.server.core.BackendQuota;
import dev.etcdj.server.core.Proposals;
import dev.etcdj.server.core.RaftKv;
import dev.etcdj.server.http.HealthService;
import dev.etcdj.server.http.JsonGateway;
import dev.etcdj.server.http.MetricsService;
import dev.etcdj.server.http.VersionService;
import dev.etcdj.server.kv.KvApplier;
import dev.etcdj.server.membership.ClusterMembership;
import dev.etcdj.server.membership.MemberInfo;
import dev.etcdj.server.metrics.Metrics;
import dev.etcdj.storage.mvcc.MetaEntry;
import dev.etcdj.storage.mvcc.MvccStore;
import dev.etcdj.storage.mvcc.WriteTxn;
import dev.etcdj.storage.snap.Snapshotter;
import dev.etcdj.storage.wal.Wal;
import dev.etcdj.storage.wal.WalReadResult;
import dev.etcdj.storage.wal.WalSnapshot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running member: opens (or creates) the data dir, wires storage, consensus, the apply loop
 * and the client listeners together, and shuts them down in reverse order. It holds no request
 * logic of its own.
 */
public final class EtcdMember implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("etcdserver");
  private static final String MEMBERS_BUCKET = "members";

  private final List<AutoCloseable> resources = new ArrayList<>();

  private EtcdMember() {}

  public static EtcdMember start(ServerConfig cfg) throws IOException {
    EtcdMember m = new EtcdMember();
    try {
      m.run(cfg);
    } catch (RuntimeException | IOException e) {
      m.close();
      throw e;
    }
    return m;
  }

  private void run(ServerConfig cfg) throws IOException {
    DataDir dir = DataDir.of(cfg.dataDir(), cfg.walDir());
    boolean restart = Bootstrap.hasData(dir);
    Bootstrap.NewMember plan = restart ? null : Bootstrap.planNewMember(cfg);

    Files.createDirectories(dir.snap());
    MvccStore store = MvccStore.open(dir.db());
    resources.add(0, store);
    Snapshotter snapshotter = new Snapshotter(dir.snap());

    Wal wal;
    WalReadResult recovered;
    WalSnapshot snapshot;
    if (restart) {
      snapshot = snapshotter.loadNewest().map(s -> new WalSnapshot(s.index(), s.term()))
          .orElse(new WalSnapshot(0, 0));
      wal = Wal.open(dir.wal(), snapshot);
      recovered = wal.readAll();
    } else {
      saveMembership(store, plan.membership());
      wal = Wal.create(dir.wal(), walMetadata(plan.memberId(), plan.clusterId()));
      snapshot = new WalSnapshot(0, 0);
      recovered = null;
    }
    ByteBuffer meta = ByteBuffer.wrap(restart ? recovered.metadata() : walMetadata(plan.memberId(), plan.clusterId()));
    long memberId = meta.getLong();
    long clusterId = meta.getLong();
    ClusterMembership membership = restart ? loadMembership(store, clusterId, memberId) : plan.membership();
    if (restart) {
      LOG.info("restarting member {} in cluster {} at commit index {}",
          ClusterIds.toHex(memberId), ClusterIds.toHex(clusterId), recovered.state().commit());
    } else {
      LOG.info("starting member {} in cluster {}", ClusterIds.toHex(memberId), ClusterIds.toHex(clusterId));
    }

    AlarmStore alarms = new AlarmStore();
    alarms.load(store.scanMeta(AlarmStore.BUCKET).stream().map(MetaEntry::key).toList());
    Metrics registry = new Metrics();
    Metrics.Histogram walFsync = registry.histogram("etcd_disk_wal_fsync_duration_seconds",
        "The latency distributions of fsync called by WAL.", Metrics.exponentialBuckets(0.001, 2, 14));
    SingleMemberLog consensus = new SingleMemberLog(wal, snapshotter, memberId,
        restart ? recovered.state().term() : 0, restart ? recovered.entries() : List.of(),
        snapshot.index(), (int) cfg.maxSnapshots(), nanos -> walFsync.observe(nanos / 1e9));
    AppliedIndex applied = new AppliedIndex(store.consistentIndex());
    WaitRegistry waits = new WaitRegistry(memberId);
    BackendQuota quota = new BackendQuota(cfg.quotaBackendBytes(), store::sizeBytes);
    CompactionTracker compactions = new CompactionTracker();
    KvApplier kvApplier = new KvApplier(lease -> false);
    ServerMetrics.register(registry, store, consensus, applied, quota, memberId, alarms);

    long snapshotCount = Math.max(1, cfg.snapshotCount());
    ApplyLoop applyLoop = new ApplyLoop(store,
        new CappedApplier(new BackendApplier(store, kvApplier, alarms, compactions), alarms),
        waits, applied, memberId, new SnapshotPolicy(store, consensus, snapshotCount, store.consistentIndex()));
    resources.add(0, applyLoop);
    applyLoop.start();
    consensus.start(applyLoop);
    resources.add(0, consensus);
    long lastRecovered = restart && !recovered.entries().isEmpty()
        ? recovered.entries().get(recovered.entries().size() - 1).index() : 0;
    applied.await(lastRecovered).join();

    Duration requestTimeout = Duration.ofMillis(5000 + 2 * cfg.electionTimeoutMs());
    Proposals proposals = new Proposals(consensus, waits, memberId, cfg.maxRequestBytes(), requestTimeout);
    RaftKv kv = new RaftKv(store, consensus, proposals, applied, quota, compactions, kvApplier,
        CommonPools.blockingTaskExecutor(), memberId, (int) cfg.maxTxnOps());
    Headers headers = new Headers(clusterId, memberId, () -> consensus.status().term(), store::currentRevision);
    KvService kvService = new KvService(kv, headers);
    MaintenanceService maintenance = new MaintenanceService(kv, store, consensus, applied, alarms, membership,
        headers, CommonPools.blockingTaskExecutor());
    ClusterService cluster = new ClusterService(membership, headers);
    JsonGateway gateway = new JsonGateway()
        .route("kv/range", dev.etcdj.api.RangeRequest.getDefaultInstance(), kvService::range)
        .route("kv/put", dev.etcdj.api.PutRequest.getDefaultInstance(), kvService::put)
        .route("kv/deleterange", dev.etcdj.api.DeleteRangeRequest.getDefaultInstance(), kvService::deleteRange)
        .route("kv/txn", dev.etcdj.api.TxnRequest.getDefaultInstance(), kvService::txn)
        .route("kv/compaction", dev.etcdj.api.CompactionRequest.getDefaultInstance(), kvService::compact)
        .route("maintenance/status", dev.etcdj.api.StatusRequest.getDefaultInstance(), maintenance::status)
        .route("maintenance/alarm", dev.etcdj.api.AlarmRequest.getDefaultInstance(), maintenance::alarm)
        .route("maintenance/defragment", dev.etcdj.api.DefragmentRequest.getDefaultInstance(), maintenance::defragment)
        .route("maintenance/hash", dev.etcdj.api.HashRequest.getDefaultInstance(), maintenance::hash)
        .route("maintenance/hashkv", dev.etcdj.api.HashKVRequest.getDefaultInstance(), maintenance::hashKV)
        .route("maintenance/transfer-leadership", dev.etcdj.api.MoveLeaderRequest.getDefaultInstance(), maintenance::moveLeader)
        .route("cluster/member/list", dev.etcdj.api.MemberListRequest.getDefaultInstance(), cluster::memberList);
    Map<String, HttpService> http = Map.of(
        "/health", new HealthService(() -> alarms.list(AlarmType.NONE).isEmpty(),
            () -> consensus.status().hasLeader(), kv::linearizableBarrier, Duration.ofSeconds(1)),
        "/version", new VersionService(),
        "/metrics", new MetricsService(registry));
    CompactionPolicy.fromFlags(cfg.autoCompactionMode(), cfg.autoCompactionRetention()).ifPresent(policy -> {
      AutoCompactor compactor = new AutoCompactor(policy, store::currentRevision,
          () -> consensus.status().leaderId() == memberId, kv::compact);
      compactor.start();
      resources.add(0, compactor);
    });
    ClientListeners listeners = ClientListeners.start(cfg.listenClientUrls(),
        List.of(kvService, maintenance, cluster), http, gateway, cfg.maxRequestBytes());
    resources.add(0, listeners);

    MemberInfo self = membership.local().orElseThrow();
    LOG.info("published {Name:{} ClientURLs:{}} to cluster {}", self.name(), self.clientUrls(), ClusterIds.toHex(clusterId));
    LOG.info("set the initial cluster version to {}", Versions.CAPABILITY);
    LoggerFactory.getLogger("etcdserver/api").info("enabled capabilities for version {}", Versions.CAPABILITY);
  }

  private static byte[] walMetadata(long memberId, long clusterId) {
    return ByteBuffer.allocate(16).putLong(memberId).putLong(clusterId).array();
  }

  private static void saveMembership(MvccStore store, ClusterMembership membership) {
    try (WriteTxn txn = store.beginWrite(0)) {
      for (MemberInfo m : membership.members()) {
        txn.putMeta(MEMBERS_BUCKET, ByteBuffer.allocate(8).putLong(m.id()).array(), m.toProto().toByteArray());
      }
      txn.end();
    }
  }

  private static ClusterMembership loadMembership(MvccStore store, long clusterId, long memberId) {
    List<MemberInfo> members = new ArrayList<>();
    for (MetaEntry e : store.scanMeta(MEMBERS_BUCKET)) {
      try {
        members.add(MemberInfo.fromProto(Member.parseFrom(e.value())));
      } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
        throw new IllegalStateException("corrupt member record in the store", ex);
      }
    }
    return new ClusterMembership(clusterId, memberId, members);
  }

  @Override
  public void close() {
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception e) {
        LOG.warn("error while stopping {}", r.getClass().getSimpleName(), e);
      }
    }
    resources.clear();
  }
}

package dev.etcdj.server;

import com.linecorp.armeria.common.CommonPools;
import com.linecorp.armeria.server.HttpService;
import dev.etcdj.api.AlarmType;
import dev.etcdj.api.internal.InternalRequest;
import dev.etcdj.api.internal.MemberAttributesRequest;
import dev.etcdj.discovery.ClusterIds;
import dev.etcdj.raft.ConfState;
import dev.etcdj.server.api.ClusterService;
import dev.etcdj.server.auth.AuthInterceptor;
import dev.etcdj.server.auth.AuthRoutes;
import dev.etcdj.server.auth.AuthService;
import dev.etcdj.server.api.Headers;
import dev.etcdj.server.api.KvService;
import dev.etcdj.server.api.MaintenanceService;
import dev.etcdj.server.apply.AlarmStore;
import dev.etcdj.server.apply.AppliedIndex;
import dev.etcdj.server.apply.ApplyLoop;
import dev.etcdj.server.apply.BackendApplier;
import dev.etcdj.server.apply.CappedApplier;
import dev.etcdj.server.apply.CompactionTracker;
import dev.etcdj.server.apply.CorruptApplier;
import dev.etcdj.server.apply.MembershipApplier;
import dev.etcdj.server.apply.SnapshotPolicy;
import dev.etcdj.server.apply.V2Applier;
import dev.etcdj.server.apply.WaitRegistry;
import dev.etcdj.server.auth.Auth;
import dev.etcdj.server.compactor.AutoCompactor;
import dev.etcdj.server.compactor.CompactionPolicy;
import dev.etcdj.server.concurrency.Concurrency;
import dev.etcdj.server.concurrency.ElectionService;
import dev.etcdj.server.concurrency.LockService;
import dev.etcdj.server.config.ServerConfig;
import dev.etcdj.server.corrupt.CorruptionMonitor;
import dev.etcdj.server.corrupt.InitialCorruptCheck;
import dev.etcdj.server.corrupt.PeerHashKvClient;
import dev.etcdj.server.corrupt.PeerHashKvService;
import dev.etcdj.server.corrupt.PeerHashes;
import dev.etcdj.server.core.BackendQuota;
import dev.etcdj.server.core.Proposals;
import dev.etcdj.server.core.RaftKv;
import dev.etcdj.server.http.HealthService;
import dev.etcdj.server.http.JsonGateway;
import dev.etcdj.server.http.MetricsService;
import dev.etcdj.server.http.VersionService;
import dev.etcdj.server.kv.KvApplier;
import dev.etcdj.server.lease.LeaseApplier;
import dev.etcdj.server.lease.LeaseCheckpointer;
import dev.etcdj.server.lease.LeaseExpiry;
import dev.etcdj.server.lease.LeaseForwarder;
import dev.etcdj.server.lease.LeaseRecovery;
import dev.etcdj.server.lease.LeaseService;
import dev.etcdj.server.lease.Leases;
import dev.etcdj.server.lease.Lessor;
import dev.etcdj.server.membership.ClusterMembership;
import dev.etcdj.server.membership.MemberInfo;
import dev.etcdj.server.membership.Membership;
import dev.etcdj.server.metrics.GrpcServerMetrics;
import dev.etcdj.server.metrics.Metrics;
import dev.etcdj.server.raft.RaftDriver;
import dev.etcdj.server.raft.RaftStorage;
import dev.etcdj.server.snapshot.BackupSender;
import dev.etcdj.server.snapshot.EtcdDataImport;
import dev.etcdj.server.snapshot.StoreSnapshots;
import dev.etcdj.server.watch.WatchHub;
import dev.etcdj.server.watch.WatchService;
import dev.etcdj.server.v2auth.V2AccessControl;
import dev.etcdj.server.v2auth.V2AuthHandler;
import dev.etcdj.server.v2auth.V2AuthStore;
import dev.etcdj.server.v2http.V2HttpService;
import dev.etcdj.server.v2http.V2Keys;
import dev.etcdj.server.v2http.V2Members;
import dev.etcdj.server.v2http.V2Sync;
import dev.etcdj.server.v2store.V2Store;
import dev.etcdj.storage.mvcc.MetaEntry;
import dev.etcdj.tls.TlsSettings;
import dev.etcdj.storage.mvcc.MvccStore;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running member: opens (or creates) the data dir, wires storage, Raft, the peer
 * transport, the apply loop and the client listeners together, publishes itself to the
 * cluster, and shuts down in reverse order (handing off leadership first). It holds no request
 * logic of its own.
 */
public final class EtcdMember implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("etcdserver");

  private final List<AutoCloseable> resources = new ArrayList<>();
  private volatile RaftDriver raft;
  private volatile Membership membership;
  private volatile PeerLink peers;
  private volatile boolean closed;
  private volatile boolean published;

  public void start(ServerConfig cfg) throws IOException {
    DataDir dir = DataDir.of(cfg.dataDir(), cfg.walDir());
    EtcdDataImport.importIfPresent(dir);
    boolean restart = Bootstrap.hasData(dir);
    if (restart && !cfg.initialCluster().isEmpty()) {
      LOG.info("the data dir already holds a member; --initial-cluster* flags are ignored");
    }
    if (restart) {
      DiscoveryBootstrap.warnIgnoredOnRestart(cfg, dir);
    }
    TlsSetup.check(cfg);
    Bootstrap.Plan plan = restart ? null
        : Bootstrap.plan(cfg, () -> SrvBootstrap.peerTls(cfg, TlsSetup.peer(cfg, dir)));

    Files.createDirectories(dir.snap());
    StoreSnapshots.recover(dir);
    MvccStore store = MvccStore.open(dir.db());
    resources.add(0, store);
    int maxSnapshots = (int) cfg.maxSnapshots();
    RaftStorage raftStorage;
    ClusterMembership cluster;
    if (restart) {
      raftStorage = cfg.forceNewCluster() ? RaftStorage.openStandalone(dir.wal(), dir.snap(), maxSnapshots)
          : RaftStorage.open(dir.wal(), dir.snap(), maxSnapshots);
      ByteBuffer meta = ByteBuffer.wrap(raftStorage.metadata());
      long memberId = meta.getLong();
      cluster = MembershipApplier.load(store, meta.getLong(), memberId);
      LOG.info(cfg.forceNewCluster() ? "forcing restart of member {} in cluster {} at commit index {}"
          : "restarting member {} in cluster {} at commit index {}", ClusterIds.toHex(memberId),
          ClusterIds.toHex(cluster.clusterId()), raftStorage.memory().initialState().hardState().commit());
    } else {
      cluster = plan.membership();
      MembershipApplier.saveInitial(store, cluster, 0);
      byte[] meta = ByteBuffer.allocate(16).putLong(plan.memberId()).putLong(plan.clusterId()).array();
      if (plan.newCluster()) {
        Set<Long> voters = cluster.members().stream().map(MemberInfo::id).collect(Collectors.toSet());
        raftStorage = RaftStorage.bootstrap(dir.wal(), dir.snap(), meta, new ConfState(voters, Set.of()), maxSnapshots);
        LOG.info("starting member {} in cluster {}", ClusterIds.toHex(plan.memberId()), ClusterIds.toHex(plan.clusterId()));
      } else {
        raftStorage = RaftStorage.join(dir.wal(), dir.snap(), meta, maxSnapshots);
        LOG.info("joining cluster {} as member {}", ClusterIds.toHex(plan.clusterId()), ClusterIds.toHex(plan.memberId()));
      }
    }
    raftStorage.maxWals((int) cfg.maxWals());
    long memberId = cluster.localId();
    long clusterId = cluster.clusterId();
    membership = new Membership(cluster);

    Metrics registry = new Metrics();
    Metrics.Histogram walFsync = registry.histogram("etcd_disk_wal_fsync_duration_seconds",
        "The latency distributions of fsync called by WAL.", Metrics.exponentialBuckets(0.001, 2, 14));
    AlarmStore alarms = new AlarmStore();
    alarms.load(store.scanMeta(AlarmStore.BUCKET).stream().map(MetaEntry::key).toList());
    int electionTicks = (int) Math.max(2, cfg.electionTimeoutMs() / cfg.heartbeatIntervalMs());
    Lessor lessor = new Lessor(System::nanoTime, Lessor.minTtl(cfg.heartbeatIntervalMs(), electionTicks));
    LeaseRecovery.recover(lessor, store);
    WatchHub watchHub = new WatchHub(store);
    V2Store v2Store = new V2Store(V2Store::unixNanos, "/0", V2Applier.KEYS_PREFIX);
    V2Applier v2Applier = new V2Applier(v2Store);
    v2Applier.reload(store);
    resources.add(0, watchHub);
    AppliedIndex applied = new AppliedIndex(store.consistentIndex());
    Auth auth = new Auth(cfg.authToken(), cfg.bcryptCost(), cfg.authTokenTtl(), cfg.clientTls().clientCertAuth(),
        lessor::keysOf, applied::await);
    auth.recover(store);
    StoreSnapshots snapshots = new StoreSnapshots(dir, store, () -> {
      auth.recover(store);
      membership.update(c -> MembershipApplier.load(store, c.clusterId(), c.localId()));
      alarms.load(store.scanMeta(AlarmStore.BUCKET).stream().map(MetaEntry::key).toList());
      watchHub.restore(store);
      LeaseRecovery.recover(lessor, store);
      v2Applier.reload(store);
    });
    TlsSettings clientTls = TlsSetup.client(cfg, dir);
    TlsSettings peerTls = SrvBootstrap.peerTls(cfg, TlsSetup.peer(cfg, dir));
    var peerHashClients = TlsSetup.clientFactory(peerTls);
    resources.add(0, peerHashClients);
    PeerHashes peerHashes = new PeerHashes(memberId, () -> membership.members(),
        new PeerHashKvClient(peerHashClients, Duration.ofMillis(5000 + 2 * cfg.electionTimeoutMs())));
    if (restart && cfg.experimentalInitialCorruptCheck()) {
      new InitialCorruptCheck(store, memberId, peerHashes, Duration.ofMillis(5000 + 2 * cfg.electionTimeoutMs())).run();
    }
    peers = PeerLink.start(cfg, peerTls, clusterId, memberId, membership, snapshots,
        Map.of(PeerHashKvService.PATH, new PeerHashKvService(store, clusterId)));
    resources.add(0, peers);
    raft = new RaftDriver(raftStorage, memberId, (int) cfg.heartbeatIntervalMs(), electionTicks, cfg.preVote(),
        peers::send, nanos -> walFsync.observe(nanos / 1e9));
    peers.connect(raft);
    peers.onClusterIdConflict(this::clusterIdConflict);

    WaitRegistry waits = new WaitRegistry(memberId, CommonPools.workerGroup());
    BackendQuota quota = new BackendQuota(cfg.quotaBackendBytes(), store::sizeInUseBytes);
    CompactionTracker compactions = new CompactionTracker();
    KvApplier kvApplier = new KvApplier(lessor, ServerMetrics.mvccCounters(registry));
    Metrics.Counter leasesGranted = registry.counter("etcd_debugging_lease_granted_total",
        "The total number of granted leases.");
    Metrics.Counter leasesRevoked = registry.counter("etcd_debugging_lease_revoked_total",
        "The total number of revoked leases.");
    ServerMetrics.register(registry, store, raft, applied, quota, memberId, alarms);

    if (cfg.experimentalEnableLeaseCheckpoint()) {
      lessor.enableCheckpoints(LeaseCheckpointer.interval().toNanos());
    }
    ApplyLoop applyLoop = new ApplyLoop(store,
        new CorruptApplier(new CappedApplier(new BackendApplier(store, kvApplier, alarms, compactions,
            new LeaseApplier(lessor, leasesGranted::inc, leasesRevoked::inc,
                cfg.experimentalEnableLeaseCheckpointPersist())), alarms), alarms),
        new MembershipApplier(membership, raft, this::removedFromCluster),
        waits, applied, memberId,
        new SnapshotPolicy(store, raft, Math.max(1, cfg.snapshotCount()), store.consistentIndex()), snapshots,
        (events, revision) -> {
          lessor.keysChanged(events);
          watchHub.notify(events, revision);
        }, v2Applier, auth.applier());
    resources.add(0, applyLoop);
    applyLoop.start();
    raft.start(applyLoop);
    resources.add(0, raft);

    Duration requestTimeout = Duration.ofMillis(5000 + 2 * cfg.electionTimeoutMs());
    Proposals proposals = new Proposals(raft, waits, memberId, cfg.maxRequestBytes(), requestTimeout);
    publish(proposals, cfg, memberId);
    V2Keys v2Keys = new V2Keys(v2Store, proposals);
    v2Keys.publish(memberId, cfg.name(), cfg.advertiseClientUrls().stream().map(URI::toString).toList());
    V2Sync v2Sync = new V2Sync(v2Store, v2Keys, () -> raft.status().leaderId() == memberId, V2Store::unixNanos);
    v2Sync.start();
    resources.add(0, v2Sync);

    dev.etcdj.server.core.ReadExecutor reads = new dev.etcdj.server.core.ReadExecutor();
    resources.add(0, reads);
    RaftKv kv = new RaftKv(store, raft, proposals, applied, quota, compactions, kvApplier,
        reads, memberId, (int) cfg.maxTxnOps(), requestTimeout);
    Headers headers = new Headers(clusterId, memberId, () -> raft.status().term(), store::currentRevision);
    KvService kvService = new KvService(kv, headers);
    MaintenanceService maintenance = new MaintenanceService(kv, store, raft, applied, alarms, membership,
        headers, CommonPools.blockingTaskExecutor(),
        new BackupSender(store, dir.snap(), CommonPools.blockingTaskExecutor()));
    ClusterService clusterService = new ClusterService(membership, proposals, headers, cfg.strictReconfigCheck(),
        peers::isActive, this::learnerReady);
    WatchService watchService = new WatchService(watchHub, headers::fill,
        Duration.ofMillis(cfg.experimentalWatchProgressNotifyIntervalMs()), (int) cfg.maxRequestBytes());
    resources.add(0, watchService);
    watchService.setCreateAuthorizer(r -> auth.watchDenial(r.getKey().toByteArray(), r.getRangeEnd().toByteArray()));
    LeaseForwarder leaseForwarder = new LeaseForwarder(
        id -> membership.member(id).map(MemberInfo::clientUrls).orElse(List.of()), TlsSetup.clientFactory(clientTls));
    resources.add(0, leaseForwarder);
    Leases leases = new Leases(lessor, proposals, raft, applied, leaseForwarder, memberId, requestTimeout);
    resources.add(0, leases);
    LeaseExpiry leaseExpiry = new LeaseExpiry(lessor, () -> raft.status().leaderId() == memberId,
        TimeUnit.MILLISECONDS.toNanos(cfg.electionTimeoutMs()), System::nanoTime, leases::revoke);
    leaseExpiry.start();
    resources.add(0, leaseExpiry);
    if (cfg.experimentalEnableLeaseCheckpoint()) {
      LeaseCheckpointer checkpointer = new LeaseCheckpointer(lessor, leases::checkpoint, requestTimeout);
      checkpointer.start();
      resources.add(0, checkpointer);
    }
    if (cfg.experimentalCorruptCheckTimeMs() > 0) {
      CorruptionMonitor corruption = new CorruptionMonitor(Duration.ofMillis(cfg.experimentalCorruptCheckTimeMs()),
          memberId, store, peerHashes, () -> raft.status().leaderId() == memberId, kv::linearizableBarrier,
          kv::alarm, requestTimeout);
      corruption.start();
      resources.add(0, corruption);
    }
    LeaseService leaseService = new LeaseService(leases, headers);
    Concurrency concurrency = new Concurrency(kv, leases, lessor, watchHub, CommonPools.blockingTaskExecutor());
    LockService lockService = new LockService(concurrency, headers);
    resources.add(0, lockService);
    ElectionService electionService = new ElectionService(concurrency, headers);
    resources.add(0, electionService);
    JsonGateway gateway = JsonRoutes.gateway(kvService, maintenance, clusterService, leaseService);
    JsonRoutes.concurrency(gateway, electionService, lockService);
    JsonRoutes.streams(gateway, watchService, leaseService).limitStreams(cfg.maxConcurrentStreams());
    AuthInterceptor authInterceptor = auth.interceptor();
    gateway.setGate(authInterceptor::runGatewayCall);
    AuthService authService =
        auth.service(proposals, kv::linearizableBarrier, headers, CommonPools.blockingTaskExecutor());
    AuthRoutes.register(gateway, authService);
    Map<String, HttpService> http = new java.util.HashMap<>(Map.of(
        "/health", new HealthService(() -> alarms.list(AlarmType.NONE).isEmpty(),
            () -> raft.status().hasLeader(), kv::linearizableBarrier, Duration.ofSeconds(1)),
        "/version", new VersionService(),
        "/metrics", new MetricsService(registry)));
    if (cfg.enableV2()) {
      V2AuthStore v2Auth = new V2AuthStore(v2Store, v2Keys::propose);
      v2Auth.warmUpHashing();
      V2AccessControl v2Access = V2AccessControl.forClientTls(v2Auth, clientTls);
      http.put("prefix:/v2/", new V2HttpService(v2Keys, new V2Members(membership, raft::status, clusterService),
          raft::status, clusterId, V2Store::unixNanos, new V2AuthHandler(v2Auth, v2Access, clusterId), v2Access));
    }
    CompactionPolicy.fromFlags(cfg.autoCompactionMode(), cfg.autoCompactionRetention()).ifPresent(policy -> {
      AutoCompactor compactor = new AutoCompactor(policy, store::currentRevision,
          () -> raft.status().leaderId() == memberId, kv::compact);
      compactor.start();
      resources.add(0, compactor);
    });
    ClientListeners listeners = ClientListeners.start(cfg.listenClientUrls(), clientTls,
        new GrpcServerMetrics(registry).instrument(List.of(kvService, maintenance, clusterService, watchService,
            leaseService, lockService, electionService, authService)),
        http, gateway, cfg.maxRequestBytes(), cfg.maxConcurrentStreams(), authInterceptor);
    resources.add(0, listeners);
    LoggerFactory.getLogger("etcdserver/api").info("enabled capabilities for version {}", Versions.CAPABILITY);
  }

  /**
   * Announces this member's name and client URLs through Raft, retrying until it is applied
   * (a new cluster has no leader until a quorum of members is up).
   */
  private void publish(Proposals proposals, ServerConfig cfg, long memberId) {
    List<String> clientUrls = cfg.advertiseClientUrls().stream().map(URI::toString).toList();
    InternalRequest.Builder request = InternalRequest.newBuilder().setMemberAttributes(
        MemberAttributesRequest.newBuilder().setMemberId(memberId).setName(cfg.name()).addAllClientUrls(clientUrls));
    while (!closed) {
      try {
        proposals.propose(request.clone()).get(5, TimeUnit.SECONDS);
        published = true;
        LOG.info("published {Name:{} ClientURLs:{}} to cluster {}", cfg.name(), clientUrls,
            ClusterIds.toHex(membership.clusterId()));
        LOG.info("set the initial cluster version to {}", Versions.CAPABILITY);
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        LOG.debug("publish not applied yet, retrying: {}", e.toString());
        sleepQuietly(500);
      }
    }
  }

  /** etcd promotes a learner only once its log is within 90% of the leader's. */
  private java.util.concurrent.CompletableFuture<Boolean> learnerReady(long learnerId) {
    return raft.raftStatus().thenApply(s -> {
      var learner = s.progress().get(learnerId);
      var self = s.progress().get(s.id());
      if (learner == null || self == null) {
        return true; // not the leader: the leader's Raft decides
      }
      return learner.match() >= self.match() * 0.9;
    });
  }

  /**
   * A member that has not joined its cluster yet and finds its peers in another cluster was
   * configured for the wrong one (the guide's case of a member meeting a foreign cluster): it
   * says so and exits. A member already serving only logs the refusals.
   */
  private void clusterIdConflict(long remoteClusterId) {
    if (published) {
      return;
    }
    System.err.println("etcd: conflicting cluster ID to the target cluster ("
        + ClusterIds.toHex(membership.clusterId()) + " != " + ClusterIds.toHex(remoteClusterId) + "). Exiting.");
    exitAsync(1);
  }

  private void removedFromCluster() {
    exitAsync(0);
  }

  private static void exitAsync(int code) {
    Thread t = new Thread(() -> System.exit(code), "exit");
    t.setDaemon(false);
    t.start();
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A leader hands leadership to another voter before it stops, as etcd does. */
  private void transferLeadershipIfLeader() {
    RaftDriver r = raft;
    Membership m = membership;
    if (r == null || m == null || r.status().leaderId() != m.localId()) {
      return;
    }
    m.get().voters().stream()
        .filter(v -> v.id() != m.localId() && peers != null && peers.isActive(v.id()))
        .findFirst()
        .ifPresent(target -> {
          try {
            r.transferLeadership(target.id()).get(3, TimeUnit.SECONDS);
            LOG.info("leadership transferred to {} before stopping", ClusterIds.toHex(target.id()));
          } catch (Exception e) {
            LOG.warn("leadership transfer to {} failed: {}", ClusterIds.toHex(target.id()), e.toString());
          }
        });
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    transferLeadershipIfLeader();
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

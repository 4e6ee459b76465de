package dev.etcdj.server.config;

import static dev.etcdj.server.config.TestSupport.cfg;
import static dev.etcdj.server.config.TestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DefaultsAndFlagsTest {

    @Test
    void defaultsMatchEtcd34() {
        ServerConfig c = cfg();
        assertEquals("default", c.name());
        assertEquals("default.etcd", c.dataDir());
        assertEquals("", c.walDir());
        assertEquals(List.of(URI.create("http://localhost:2379")), c.listenClientUrls());
        assertEquals(List.of(URI.create("http://localhost:2379")), c.advertiseClientUrls());
        assertEquals(List.of(URI.create("http://localhost:2380")), c.listenPeerUrls());
        assertEquals(List.of(URI.create("http://localhost:2380")), c.initialAdvertisePeerUrls());
        assertEquals(List.of(), c.listenMetricsUrls());
        assertEquals("default=http://localhost:2380", c.initialCluster());
        assertEquals("new", c.initialClusterState());
        assertTrue(c.isNewCluster());
        assertEquals("etcd-cluster", c.initialClusterToken());
        assertEquals(100000, c.snapshotCount());
        assertEquals(100, c.heartbeatIntervalMs());
        assertEquals(1000, c.electionTimeoutMs());
        assertEquals(10, c.electionTicks());
        assertTrue(c.initialElectionTickAdvance());
        assertEquals(5, c.maxSnapshots());
        assertEquals(5, c.maxWals());
        assertEquals(0, c.quotaBackendBytes());
        assertEquals(2L << 30, c.effectiveQuotaBackendBytes());
        assertEquals(128, c.maxTxnOps());
        assertEquals(1572864, c.maxRequestBytes());
        assertEquals(4294967295L, c.maxConcurrentStreams());
        assertEquals(5000, c.grpcKeepAliveMinTimeMs());
        assertEquals(7200000, c.grpcKeepAliveIntervalMs());
        assertEquals(20000, c.grpcKeepAliveTimeoutMs());
        assertEquals("periodic", c.autoCompactionMode());
        assertEquals("0", c.autoCompactionRetention());
        assertTrue(c.strictReconfigCheck());
        assertFalse(c.preVote());
        assertFalse(c.forceNewCluster());
        assertFalse(c.enableV2());
        assertEquals("proxy", c.discoveryFallback());
        assertEquals("off", c.proxy());
        assertFalse(c.isProxy());
        assertEquals(5000, c.proxyFailureWaitMs());
        assertEquals(30000, c.proxyRefreshIntervalMs());
        assertEquals(1000, c.proxyDialTimeoutMs());
        assertEquals(5000, c.proxyWriteTimeoutMs());
        assertEquals(0, c.proxyReadTimeoutMs());
        assertEquals("capnslog", c.logger());
        assertEquals(List.of("default"), c.logOutputs());
        assertEquals("info", c.logLevel());
        assertFalse(c.debug());
        assertFalse(c.enablePprof());
        assertEquals("basic", c.metrics());
        assertTrue(c.enableGrpcGateway());
        assertEquals("simple", c.authToken());
        assertEquals(10, c.bcryptCost());
        assertEquals(300, c.authTokenTtl());
        assertEquals(Set.of("*"), c.cors());
        assertEquals(Set.of("*"), c.hostWhitelist());
        assertEquals(List.of(), c.cipherSuites());
        assertTrue(c.clientTls().isEmpty());
        assertEquals(new ServerConfig.TlsConfig("", "", false, "", "", false, "", ""), c.peerTls());
        assertFalse(c.experimentalInitialCorruptCheck());
        assertEquals(0, c.experimentalCorruptCheckTimeMs());
        assertFalse(c.experimentalEnableLeaseCheckpoint());
        assertEquals(100, c.experimentalWarningApplyDurationMs());
        assertFalse(c.unsafeNoFsync());
        assertEquals("", c.configFile());
    }

    @Test
    void defaultRunWarnsLikeEtcd() {
        List<String> w = run().warnings();
        assertEquals(List.of(
                "[WARNING] Deprecated '--logger=capnslog' flag is set; use '--logger=zap' flag instead",
                "no data-dir provided, using default data-dir ./default.etcd"), w);
    }

    @Test
    void dataDirAndInitialClusterFollowTheFinalName() {
        ServerConfig c = cfg("--name", "infra0", "--initial-advertise-peer-urls", "http://10.0.0.1:2380,http://10.0.0.2:2380");
        assertEquals("infra0.etcd", c.dataDir());
        assertEquals("infra0=http://10.0.0.1:2380,infra0=http://10.0.0.2:2380", c.initialCluster());
        // an explicit initial-cluster is kept
        c = cfg("--name", "infra0", "--initial-cluster", "infra0=http://10.0.0.1:2380,infra1=http://10.0.0.2:2380",
                "--data-dir", "/var/lib/etcd");
        assertEquals("infra0=http://10.0.0.1:2380,infra1=http://10.0.0.2:2380", c.initialCluster());
        assertEquals("/var/lib/etcd", c.dataDir());
    }

    @Test
    void emptyNameLikeEtcd() {
        ServerConfig c = cfg("--name=");
        assertEquals("", c.name());
        assertEquals(".etcd", c.dataDir());
        assertEquals("default=http://localhost:2380", c.initialCluster());
    }

    @Test
    void goFlagSyntaxes() {
        assertEquals("a", cfg("--name=a").name());
        assertEquals("b", cfg("--name", "b").name());
        assertEquals("c", cfg("-name", "c").name());
        assertEquals("d", cfg("-name=d").name());
        assertEquals("e", cfg("--name", "x", "--name", "e").name()); // last one wins
        assertEquals("-dash", cfg("--name", "-dash").name()); // a value may start with a dash
        assertTrue(cfg("--pre-vote").preVote());
        assertTrue(cfg("-pre-vote").preVote());
        assertTrue(cfg("--pre-vote=true").preVote());
        assertTrue(cfg("--pre-vote=1").preVote());
        assertTrue(cfg("--pre-vote=T").preVote());
        assertFalse(cfg("--strict-reconfig-check=false").strictReconfigCheck());
        assertFalse(cfg("--strict-reconfig-check=0").strictReconfigCheck());
        assertEquals("f", cfg("--name", "f", "--").name()); // "--" ends the flags
    }

    @Test
    void integersUseGoBaseZeroSyntax() {
        assertEquals(16, cfg("--snapshot-count", "0x10").snapshotCount());
        assertEquals(8, cfg("--snapshot-count", "010").snapshotCount());
        assertEquals(1000, cfg("--snapshot-count", "1_000").snapshotCount());
        assertEquals(16, cfg("--snapshot-count", "0x1_0").snapshotCount());
        assertEquals(8, cfg("--snapshot-count", "0_10").snapshotCount());
        assertEquals(3, cfg("--snapshot-count", "0b11").snapshotCount());
        assertEquals(15, cfg("--snapshot-count", "0o17").snapshotCount());
        assertEquals(5, cfg("--quota-backend-bytes", "+5").quotaBackendBytes());
        assertEquals(-1, cfg("--quota-backend-bytes", "-1").quotaBackendBytes());
        assertEquals(8L << 30, cfg("--quota-backend-bytes", "8589934592").quotaBackendBytes());
    }

    @Test
    void memberFlags() {
        ServerConfig c = cfg("--wal-dir", "/w", "--snapshot-count", "5000", "--heartbeat-interval", "200",
                "--election-timeout", "2000", "--initial-election-tick-advance=false", "--max-snapshots", "0",
                "--max-wals", "7", "--quota-backend-bytes", "1024", "--backend-batch-interval", "10ms",
                "--backend-batch-limit", "50", "--max-txn-ops", "256", "--max-request-bytes", "10485760",
                "--max-concurrent-streams", "100", "--grpc-keepalive-min-time", "1s",
                "--grpc-keepalive-interval", "1h30m", "--grpc-keepalive-timeout", "1.5s");
        assertEquals("/w", c.walDir());
        assertEquals(5000, c.snapshotCount());
        assertEquals(200, c.heartbeatIntervalMs());
        assertEquals(2000, c.electionTimeoutMs());
        assertFalse(c.initialElectionTickAdvance());
        assertEquals(0, c.maxSnapshots());
        assertEquals(7, c.maxWals());
        assertEquals(1024, c.quotaBackendBytes());
        assertEquals(10, c.backendBatchIntervalMs());
        assertEquals(50, c.backendBatchLimit());
        assertEquals(256, c.maxTxnOps());
        assertEquals(10485760, c.maxRequestBytes());
        assertEquals(100, c.maxConcurrentStreams());
        assertEquals(1000, c.grpcKeepAliveMinTimeMs());
        assertEquals(5400000, c.grpcKeepAliveIntervalMs());
        assertEquals(1500, c.grpcKeepAliveTimeoutMs());
        assertEquals("1h30m0s", c.raw().get("grpc-keepalive-interval"));
        assertEquals("1.5s", c.raw().get("grpc-keepalive-timeout"));
    }

    @Test
    void clusteringFlags() {
        ServerConfig c = cfg("--name", "infra1",
                "--listen-peer-urls", "http://10.0.0.2:2380,https://0.0.0.0:2381",
                "--listen-client-urls", "http://10.0.0.2:2379,http://127.0.0.1:2379",
                "--advertise-client-urls", "http://10.0.0.2:2379",
                "--initial-advertise-peer-urls", "http://10.0.0.2:2380",
                "--initial-cluster", "infra0=http://10.0.0.1:2380,infra1=http://10.0.0.2:2380",
                "--initial-cluster-state", "existing", "--initial-cluster-token", "tok",
                "--strict-reconfig-check=false", "--pre-vote", "--auto-compaction-mode", "revision",
                "--auto-compaction-retention", "1000", "--enable-v2", "--force-new-cluster");
        // etcd sorts URL lists by their string form
        assertEquals(List.of(URI.create("http://10.0.0.2:2380"), URI.create("https://0.0.0.0:2381")), c.listenPeerUrls());
        assertEquals(List.of(URI.create("http://10.0.0.2:2379"), URI.create("http://127.0.0.1:2379")), c.listenClientUrls());
        assertEquals(List.of(URI.create("http://10.0.0.2:2379")), c.advertiseClientUrls());
        assertEquals("infra0=http://10.0.0.1:2380,infra1=http://10.0.0.2:2380", c.initialCluster());
        assertEquals("existing", c.initialClusterState());
        assertFalse(c.isNewCluster());
        assertEquals("tok", c.initialClusterToken());
        assertFalse(c.strictReconfigCheck());
        assertTrue(c.preVote());
        assertEquals("revision", c.autoCompactionMode());
        assertEquals("1000", c.autoCompactionRetention());
        assertTrue(c.enableV2());
        assertTrue(c.forceNewCluster());
        assertEquals("http://10.0.0.2:2379,http://127.0.0.1:2379", c.raw().get("listen-client-urls"));
    }

    @Test
    void unixSocketAndIpv6UrlsAreAccepted() {
        ServerConfig c = cfg("--listen-client-urls", "unix://localhost:2379,http://[::1]:2379",
                "--advertise-client-urls", "http://[::1]:2379");
        assertEquals(2, c.listenClientUrls().size());
    }

    @Test
    void discoveryFlagsClearTheDefaultInitialCluster() {
        ServerConfig c = cfg("--discovery", "https://discovery.etcd.io/abc", "--discovery-fallback", "exit",
                "--discovery-proxy", "http://proxy:8080");
        assertEquals("", c.initialCluster());
        assertEquals("https://discovery.etcd.io/abc", c.discovery());
        assertEquals("exit", c.discoveryFallback());
        assertEquals("http://proxy:8080", c.discoveryProxy());
        c = cfg("--discovery-srv", "example.com", "--discovery-srv-name", "prod");
        assertEquals("", c.initialCluster());
        assertEquals("example.com", c.discoverySrv());
        assertEquals("prod", c.discoverySrvName());
    }

    @Test
    void securityFlags() {
        ServerConfig c = cfg("--cert-file", "c.pem", "--key-file", "k.pem", "--client-cert-auth",
                "--trusted-ca-file", "ca.pem", "--client-crl-file", "crl.pem", "--client-cert-allowed-hostname", "h",
                "--auto-tls", "--peer-cert-file", "pc.pem", "--peer-key-file", "pk.pem", "--peer-client-cert-auth",
                "--peer-trusted-ca-file", "pca.pem", "--peer-crl-file", "pcrl.pem", "--peer-cert-allowed-cn", "cn",
                "--peer-cert-allowed-hostname", "ph", "--peer-auto-tls",
                "--cipher-suites", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                "--cors", "http://a.example.com:80,https://b.example.com:443", "--host-whitelist", "b,a",
                "--experimental-peer-skip-client-san-verification");
        assertEquals(new ServerConfig.TlsConfig("c.pem", "k.pem", true, "ca.pem", "crl.pem", true, "", "h"), c.clientTls());
        assertEquals(new ServerConfig.TlsConfig("pc.pem", "pk.pem", true, "pca.pem", "pcrl.pem", true, "cn", "ph"), c.peerTls());
        assertFalse(c.clientTls().isEmpty());
        assertEquals(List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"), c.cipherSuites());
        assertEquals(Set.of("http://a.example.com:80", "https://b.example.com:443"), c.cors());
        assertEquals(Set.of("a", "b"), c.hostWhitelist());
        assertEquals("a,b", c.raw().get("host-whitelist"));
        assertTrue(c.experimentalPeerSkipClientSanVerification());
        assertEquals(Set.of("*"), cfg("--cors", "*").cors());
    }

    @Test
    void authProfilingLoggingFlags() {
        ServerConfig c = cfg("--auth-token", "jwt,pub-key=a.pub,priv-key=a,sign-method=RS256", "--bcrypt-cost", "12",
                "--auth-token-ttl", "60", "--enable-pprof", "--metrics", "extensive",
                "--listen-metrics-urls", "http://127.0.0.1:2381", "--logger", "zap",
                "--log-outputs", "stderr,/var/log/etcd.log", "--log-level", "debug", "--enable-grpc-gateway=false");
        assertEquals("jwt,pub-key=a.pub,priv-key=a,sign-method=RS256", c.authToken());
        assertEquals(12, c.bcryptCost());
        assertEquals(60, c.authTokenTtl());
        assertTrue(c.enablePprof());
        assertEquals("extensive", c.metrics());
        assertEquals(List.of(URI.create("http://127.0.0.1:2381")), c.listenMetricsUrls());
        assertEquals("zap", c.logger());
        assertEquals(List.of("/var/log/etcd.log", "stderr"), c.logOutputs()); // unique + sorted, as etcd
        assertEquals("debug", c.logLevel());
        assertFalse(c.enableGrpcGateway());
    }

    @Test
    void deprecatedLoggingFlagsWarn() {
        LoadResult.Run r = run("--debug", "--log-package-levels", "etcdmain=DEBUG");
        assertTrue(r.config().debug());
        assertTrue(r.warnings().contains("[WARNING] Deprecated '--debug' flag is set to true (use '--log-level=debug' instead"));
        assertTrue(r.warnings().contains("[WARNING] Deprecated '--debug' flag is set to true with inconsistent '--log-level=info' flag"));
        assertTrue(r.warnings().contains("[WARNING] Deprecated '--log-package-levels=etcdmain=DEBUG' flag is set; use '--logger=zap' flag instead"));
        // --log-output with more values than --log-outputs replaces it
        r = run("--logger", "zap", "--log-output", "stderr,stdout");
        assertEquals(List.of("stderr", "stdout"), r.config().logOutputs());
        assertTrue(r.warnings().contains("'--log-output' flag has been deprecated! Please use '--log-outputs'!"));
        // a single --log-output value only warns in etcd 3.4 (log-outputs stays "default")
        r = run("--log-output", "stdout");
        assertEquals(List.of("default"), r.config().logOutputs());
        assertTrue(r.warnings().contains("[WARNING] Deprecated '--log-output' flag is set to [\"stdout\"]"));
    }

    @Test
    void experimentalAndUnsafeFlags() {
        LoadResult.Run r = run("--experimental-initial-corrupt-check", "--experimental-corrupt-check-time", "3m",
                "--experimental-enable-v2v3", "/v2/", "--experimental-backend-bbolt-freelist-type", "map",
                "--experimental-enable-lease-checkpoint", "--experimental-compaction-batch-limit", "500",
                "--experimental-watch-progress-notify-interval", "5m", "--experimental-warning-apply-duration", "200ms",
                "--unsafe-no-fsync");
        ServerConfig c = r.config();
        assertTrue(c.experimentalInitialCorruptCheck());
        assertEquals(180000, c.experimentalCorruptCheckTimeMs());
        assertEquals("/v2/", c.experimentalEnableV2v3());
        assertEquals("map", c.experimentalBackendBboltFreelistType());
        assertTrue(c.experimentalEnableLeaseCheckpoint());
        assertFalse(c.experimentalEnableLeaseCheckpointPersist());
        assertEquals(500, c.experimentalCompactionBatchLimit());
        assertEquals(300000, c.experimentalWatchProgressNotifyIntervalMs());
        assertEquals(200, c.experimentalWarningApplyDurationMs());
        assertTrue(c.unsafeNoFsync());
        assertTrue(r.warnings().contains("Detected that checkpointing is enabled without persistence. "
                + "Consider enabling experimental-enable-lease-checkpoint-persist"));
        assertTrue(cfg("--experimental-enable-lease-checkpoint", "--experimental-enable-lease-checkpoint-persist")
                .experimentalEnableLeaseCheckpointPersist());
    }

    @Test
    void v2ProxyFlagsAndProxyRelaxesAdvertiseUrls() {
        ServerConfig c = cfg("--proxy", "readonly", "--proxy-failure-wait", "1", "--proxy-refresh-interval", "2",
                "--proxy-dial-timeout", "3", "--proxy-write-timeout", "4", "--proxy-read-timeout", "5",
                "--listen-client-urls", "http://127.0.0.1:2379");
        assertEquals("readonly", c.proxy());
        assertTrue(c.isProxy());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), List.of(c.proxyFailureWaitMs(), c.proxyRefreshIntervalMs(),
                c.proxyDialTimeoutMs(), c.proxyWriteTimeoutMs(), c.proxyReadTimeoutMs()));
        // in proxy mode the default advertise URL is kept
        assertEquals(List.of(URI.create("http://localhost:2379")), c.advertiseClientUrls());
    }

    @Test
    void ignoredLegacyFlagsWarn() {
        LoadResult.Run r = run("--v", "-peer-heartbeat-interval=5", "--snapshot");
        assertTrue(r.warnings().contains("flag \"-v\" is no longer supported - ignoring."));
        assertTrue(r.warnings().contains("flag \"-peer-heartbeat-interval\" is no longer supported - ignoring."));
        assertTrue(r.warnings().contains("flag \"-snapshot\" is no longer supported - ignoring."));
    }

    @Test
    void emptyUrlFlagKeepsPreviousValueLikeEtcd() {
        // flags.UniqueURLs treats "" as an allowed exception and keeps the previous URLs
        assertEquals(List.of(URI.create("http://localhost:2380")), cfg("--listen-peer-urls", "").listenPeerUrls());
    }

    @Test
    void rawHasEveryFlag() {
        ServerConfig c = cfg("--name", "n1");
        Map<String, String> raw = c.raw();
        for (Flags.Def d : Flags.ALL.values()) {
            if (d.kind() == Flags.Kind.IGNORED || d.name().equals("version")) continue;
            assertTrue(raw.containsKey(d.name()), d.name());
        }
        assertEquals("n1", raw.get("name"));
        assertEquals("n1.etcd", raw.get("data-dir"));
        assertEquals("n1=http://localhost:2380", raw.get("initial-cluster"));
        assertEquals("5s", raw.get("grpc-keepalive-min-time"));
        assertEquals("2h0m0s", raw.get("grpc-keepalive-interval"));
        assertEquals("100ms", raw.get("experimental-warning-apply-duration"));
        assertEquals("true", raw.get("strict-reconfig-check"));
        assertEquals("*", raw.get("cors"));
        assertEquals("", raw.get("config-file"));
    }

    @Test
    void subcommandsAreHandedBack() {
        LoadResult r = ConfigLoader.load(new String[] {"grpc-proxy", "start", "--endpoints=a:2379"}, Map.of());
        LoadResult.Subcommand s = assertInstanceOf(LoadResult.Subcommand.class, r);
        assertEquals("grpc-proxy", s.name());
        assertEquals(List.of("start", "--endpoints=a:2379"), List.of(s.args()));
        s = assertInstanceOf(LoadResult.Subcommand.class, ConfigLoader.load(new String[] {"gateway"}, Map.of()));
        assertEquals(0, s.args().length);
    }
}

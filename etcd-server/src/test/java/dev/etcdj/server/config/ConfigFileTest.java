package dev.etcdj.server.config;

import static dev.etcdj.server.config.TestSupport.errorEnv;
import static dev.etcdj.server.config.TestSupport.runEnv;
import static dev.etcdj.server.config.TestSupport.verifying;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
    @TempDir
    Path dir;

    private String write(String yaml) throws IOException {
        Path p = dir.resolve("etcd.conf.yml");
        Files.writeString(p, yaml);
        return p.toString();
    }

    private ServerConfig load(String yaml) throws IOException {
        return runEnv(Map.of(), "--config-file", write(yaml)).config();
    }

    private String fileError(String yaml) throws IOException {
        return errorEnv(Map.of(), "--config-file", write(yaml));
    }

    static final String SAMPLE = """
            # This is the configuration file for the etcd server.
            name: 'infra0'
            data-dir: /var/lib/etcd/infra0   # trailing comment
            wal-dir:
            snapshot-count: 10000
            heartbeat-interval: 100
            election-timeout: 1000
            quota-backend-bytes: 0
            listen-peer-urls: http://10.0.0.1:2380
            listen-client-urls: "http://10.0.0.1:2379,http://127.0.0.1:2379"
            max-snapshots: 5
            max-wals: 5
            cors:
            initial-advertise-peer-urls: http://10.0.0.1:2380
            advertise-client-urls: http://10.0.0.1:2379
            discovery:
            discovery-fallback: 'proxy'
            discovery-proxy:
            discovery-srv:
            initial-cluster: infra0=http://10.0.0.1:2380,infra1=http://10.0.0.2:2380
            initial-cluster-token: 'etcd-cluster-1'
            initial-cluster-state: 'new'
            strict-reconfig-check: false
            enable-v2: true
            enable-pprof: true
            proxy: 'off'
            proxy-failure-wait: 5000
            proxy-refresh-interval: 30000
            proxy-dial-timeout: 1000
            proxy-write-timeout: 5000
            proxy-read-timeout: 0
            client-transport-security:
              cert-file: /etc/etcd/server.crt
              key-file: /etc/etcd/server.key
              client-cert-auth: true
              trusted-ca-file: /etc/etcd/ca.crt
              auto-tls: false
            peer-transport-security:
              cert-file: /etc/etcd/peer.crt
              key-file: /etc/etcd/peer.key
              client-cert-auth: yes
              trusted-ca-file: /etc/etcd/ca.crt
              auto-tls: true
            debug: false
            log-package-levels:
            log-outputs: [stderr]
            force-new-cluster: false
            auto-compaction-mode: periodic
            auto-compaction-retention: "1"
            grpc-keepalive-min-time: 1000000000
            cipher-suites:
              - TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
              - "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"
            """;

    @Test
    void readsTheSampleConfiguration() throws IOException {
        String path = write(SAMPLE);
        LoadResult.Run r = runEnv(Map.of(), "--config-file", path);
        ServerConfig c = r.config();
        assertEquals("infra0", c.name());
        assertEquals("/var/lib/etcd/infra0", c.dataDir());
        assertEquals("", c.walDir());
        assertEquals(10000, c.snapshotCount());
        assertEquals(List.of(URI.create("http://10.0.0.1:2380")), c.listenPeerUrls());
        assertEquals(List.of(URI.create("http://10.0.0.1:2379"), URI.create("http://127.0.0.1:2379")), c.listenClientUrls());
        assertEquals(List.of(URI.create("http://10.0.0.1:2379")), c.advertiseClientUrls());
        assertEquals("infra0=http://10.0.0.1:2380,infra1=http://10.0.0.2:2380", c.initialCluster());
        assertEquals("etcd-cluster-1", c.initialClusterToken());
        assertFalse(c.strictReconfigCheck());
        assertTrue(c.enableV2());
        assertTrue(c.enablePprof());
        assertEquals(new ServerConfig.TlsConfig("/etc/etcd/server.crt", "/etc/etcd/server.key", true, "/etc/etcd/ca.crt", "", false, "", ""),
                c.clientTls());
        assertEquals(new ServerConfig.TlsConfig("/etc/etcd/peer.crt", "/etc/etcd/peer.key", true, "/etc/etcd/ca.crt", "", true, "", ""),
                c.peerTls());
        assertEquals(List.of("stderr"), c.logOutputs());
        assertEquals("1", c.autoCompactionRetention());
        assertEquals(1000, c.grpcKeepAliveMinTimeMs());
        assertEquals(List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"), c.cipherSuites());
        assertEquals(path, c.configFile());
        assertEquals(path, c.raw().get("config-file"));
        assertEquals("Loading server configuration from \"" + path
                + "\". Other configuration command line flags and environment variables will be ignored if provided.", r.warnings().get(0));
    }

    @Test
    void flagsAndEnvironmentAreIgnoredWithAConfigFile() throws IOException {
        String path = write("name: fromfile\n");
        LoadResult.Run r = runEnv(Map.of("ETCD_HEARTBEAT_INTERVAL", "300", "ETCD_FOO", "x", "ETCD_NAME", "env"),
                "--config-file", path, "--name", "flag", "--election-timeout", "9");
        assertEquals("fromfile", r.config().name());
        assertEquals(100, r.config().heartbeatIntervalMs());
        assertEquals(1000, r.config().electionTimeoutMs());
        assertFalse(r.warnings().stream().anyMatch(w -> w.contains("recognized")));
        // ...but they still have to be syntactically valid flags
        assertEquals("flag provided but not defined: -bogus", errorEnv(Map.of(), "--config-file", path, "--bogus"));
    }

    @Test
    void configFileFromEnvironment() throws IOException {
        String path = write("name: viaenv\n");
        assertEquals("viaenv", runEnv(Map.of("ETCD_CONFIG_FILE", path)).config().name());
    }

    @Test
    void fileDefaultsAndComputedValues() throws IOException {
        ServerConfig c = load("name: infra3\ninitial-advertise-peer-urls: http://10.0.0.3:2380\n");
        assertEquals("infra3.etcd", c.dataDir());
        assertEquals("infra3=http://10.0.0.3:2380", c.initialCluster());
        assertEquals("periodic", c.autoCompactionMode());
        assertEquals("0", c.autoCompactionRetention());
        assertFalse(c.enableGrpcGateway()); // embed.NewConfig leaves it false when loading from a file
        assertEquals(List.of(URI.create("http://localhost:2379")), c.advertiseClientUrls());
        // an empty document is the default configuration
        assertEquals("default", load("# nothing\n").name());
        // discovery clears the default initial cluster
        assertEquals("", load("discovery: https://discovery.etcd.io/x\n").initialCluster());
        // keys are matched case-insensitively like encoding/json; unknown keys are ignored
        assertEquals("n2", load("Name: n2\nunknown-key: 1\n").name());
    }

    @Test
    void yamlScalarsTypes() throws IOException {
        ServerConfig c = load("enable-v2: yes\nsnapshot-count: 0x10\nheartbeat-interval: 1e2\nquota-backend-bytes: -1\n"
                + "name: ~\nhost-whitelist: b,a\ncors: \"*\"\nlisten-metrics-urls: http://127.0.0.1:2381\n");
        assertTrue(c.enableV2());
        assertEquals(16, c.snapshotCount());
        assertEquals(100, c.heartbeatIntervalMs());
        assertEquals(-1, c.quotaBackendBytes());
        assertEquals("default", c.name());
        assertEquals(Set.of("a", "b"), c.hostWhitelist());
        assertEquals(Set.of("*"), c.cors());
        assertEquals(List.of(URI.create("http://127.0.0.1:2381")), c.listenMetricsUrls());
    }

    @Test
    void typeErrorsUseEtcdsJsonMessages() throws IOException {
        String p = "error unmarshaling JSON: while decoding JSON: json: ";
        assertEquals(verifying(p + "cannot unmarshal string into Go struct field configYAML.heartbeat-interval of type uint"),
                fileError("heartbeat-interval: \"100\"\n"));
        assertEquals(verifying(p + "cannot unmarshal number -1 into Go struct field configYAML.max-txn-ops of type uint"),
                fileError("max-txn-ops: -1\n"));
        assertEquals(verifying(p + "cannot unmarshal string into Go struct field configYAML.enable-v2 of type bool"),
                fileError("enable-v2: \"true\"\n"));
        assertEquals(verifying(p + "cannot unmarshal number into Go struct field securityConfig.client-transport-security.client-cert-auth of type bool"),
                fileError("client-transport-security:\n  client-cert-auth: 3\n"));
        assertEquals(verifying(p + "cannot unmarshal string into Go struct field configYAML.log-outputs of type []string"),
                fileError("log-outputs: stdout\n"));
        assertEquals(verifying(p + "cannot unmarshal string into Go struct field configYAML.grpc-keepalive-min-time of type time.Duration"),
                fileError("grpc-keepalive-min-time: 5s\n"));
        assertEquals(verifying(p + "cannot unmarshal number 1.5 into Go struct field configYAML.quota-backend-bytes of type int64"),
                fileError("quota-backend-bytes: 1.5\n"));
        assertEquals(verifying(p + "cannot unmarshal number 100000000000000000000 into Go struct field configYAML.heartbeat-interval of type uint"),
                fileError("heartbeat-interval: 99999999999999999999\n"));
        assertEquals(verifying(p + "cannot unmarshal number into Go struct field configYAML.name of type string"),
                fileError("name: 123\n"));
        assertEquals(verifying(p + "cannot unmarshal bool into Go struct field configYAML.name of type string"),
                fileError("name: true\n"));
    }

    @Test
    void fileValidationMessages() throws IOException {
        assertEquals("unexpected error setting up listen-peer-urls: URL scheme must be http, https, unix, or unixs: bogus",
                fileError("listen-peer-urls: bogus\n"));
        assertEquals("unexpected error setting up advertise-peer-urls: URL scheme must be http, https, unix, or unixs: bogus",
                fileError("advertise-client-urls: bogus\n"));
        assertEquals("unexpected error setting up listen-metrics-urls: URL scheme must be http, https, unix, or unixs: bogus",
                fileError("listen-metrics-urls: bogus\n"));
        assertEquals(verifying("unexpected clusterState \"foo\""), fileError("initial-cluster-state: foo\n"));
        assertEquals(verifying("--election-timeout[1000ms] should be at least as 5 times as --heartbeat-interval[300ms]"),
                fileError("heartbeat-interval: 300\n"));
        assertEquals("unexpected error setting up proxyFlag: invalid value", fileError("proxy: foo\n"));
        assertEquals("unexpected error setting up discovery-fallback flag: invalid value", fileError("discovery-fallback: foo\n"));
        assertEquals(verifying("error converting YAML to JSON: yaml: line 2: mapping values are not allowed in this context"),
                fileError("data-dir: /tmp/x\n  bad: [\n"));
        assertEquals(verifying("expected IP in URL for binding (http://example.com:2379)"),
                fileError("listen-client-urls: http://example.com:2379\n"));
    }

    @Test
    void missingFile() {
        String p = dir.resolve("nope.yml").toString();
        assertEquals(verifying("open " + p + ": no such file or directory"), errorEnv(Map.of(), "--config-file", p));
        assertEquals(verifying("read " + dir + ": is a directory"), errorEnv(Map.of(), "--config-file", dir.toString()));
    }
}

package dev.etcdj.server.config;

import static dev.etcdj.server.config.TestSupport.errorEnv;
import static dev.etcdj.server.config.TestSupport.runEnv;
import static dev.etcdj.server.config.TestSupport.verifying;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvTest {

    @Test
    void everyFlagHasItsEnvironmentVariable() {
        assertEquals("ETCD_INITIAL_CLUSTER", Flags.toEnv("initial-cluster"));
        assertEquals("ETCD_EXPERIMENTAL_ENABLE_V2V3", Flags.toEnv("experimental-enable-v2v3"));
        assertEquals("ETCD_TEST.COVERPROFILE", Flags.toEnv("test.coverprofile"));
    }

    @Test
    void environmentSetsFlags() {
        LoadResult.Run r = runEnv(Map.of(
                "ETCD_NAME", "infra0",
                "ETCD_INITIAL_ADVERTISE_PEER_URLS", "http://10.0.0.1:2380",
                "ETCD_LISTEN_CLIENT_URLS", "http://10.0.0.1:2379",
                "ETCD_ADVERTISE_CLIENT_URLS", "http://10.0.0.1:2379",
                "ETCD_HEARTBEAT_INTERVAL", "200",
                "ETCD_ELECTION_TIMEOUT", "2000",
                "ETCD_PRE_VOTE", "true",
                "ETCD_CLIENT_CERT_AUTH", "1",
                "ETCD_GRPC_KEEPALIVE_TIMEOUT", "3s"));
        ServerConfig c = r.config();
        assertEquals("infra0", c.name());
        assertEquals("infra0.etcd", c.dataDir());
        assertEquals("infra0=http://10.0.0.1:2380", c.initialCluster());
        assertEquals(List.of(URI.create("http://10.0.0.1:2379")), c.listenClientUrls());
        assertEquals(200, c.heartbeatIntervalMs());
        assertEquals(2000, c.electionTimeoutMs());
        assertTrue(c.preVote());
        assertTrue(c.clientTls().clientCertAuth());
        assertEquals(3000, c.grpcKeepAliveTimeoutMs());
        // logged in the flag-name order of Go's VisitAll
        assertEquals("recognized and used environment variable ETCD_ADVERTISE_CLIENT_URLS=http://10.0.0.1:2379", r.warnings().get(0));
        assertTrue(r.warnings().contains("recognized and used environment variable ETCD_NAME=infra0"));
    }

    @Test
    void listenClientUrlsFromEnvCountsAsSet() {
        assertEquals(verifying("--advertise-client-urls is required when --listen-client-urls is set explicitly"),
                errorEnv(Map.of("ETCD_LISTEN_CLIENT_URLS", "http://127.0.0.1:2379")));
    }

    @Test
    void flagBeatsEnvironmentAndConflictIsFatal() {
        // etcd 3.4: pkg/flags logs CRITICAL and exits 1 when an env var is shadowed by a command-line flag
        assertEquals("pkg/flags: conflicting environment variable \"ETCD_NAME\" is shadowed by corresponding "
                        + "command-line flag (either unset environment variable or disable flag)",
                errorEnv(Map.of("ETCD_NAME", "foo"), "--name", "bar"));
        // also when the variable is set but empty
        assertEquals("pkg/flags: conflicting environment variable \"ETCD_NAME\" is shadowed by corresponding "
                        + "command-line flag (either unset environment variable or disable flag)",
                errorEnv(Map.of("ETCD_NAME", ""), "--name", "bar"));
    }

    @Test
    void unknownEtcdVariablesWarn() {
        LoadResult.Run r = runEnv(Map.of("ETCD_FOO", "bar", "ETCDCTL_API", "3", "HOME", "/root"));
        assertTrue(r.warnings().contains("unrecognized environment variable ETCD_FOO=bar"));
        assertFalse(r.warnings().stream().anyMatch(w -> w.contains("ETCDCTL_API") || w.contains("HOME")));
    }

    @Test
    void badEnvironmentValues() {
        assertEquals(verifying("invalid value \"abc\" for ETCD_HEARTBEAT_INTERVAL: parse error"),
                errorEnv(Map.of("ETCD_HEARTBEAT_INTERVAL", "abc")));
        assertEquals(verifying("invalid value \"maybe\" for ETCD_PRE_VOTE: parse error"),
                errorEnv(Map.of("ETCD_PRE_VOTE", "maybe")));
        assertEquals(verifying("invalid value \"bogus\" for ETCD_LISTEN_PEER_URLS: URL scheme must be http, https, unix, or unixs: bogus"),
                errorEnv(Map.of("ETCD_LISTEN_PEER_URLS", "bogus")));
        assertEquals(verifying("--election-timeout[1000ms] should be at least as 5 times as --heartbeat-interval[300ms]"),
                errorEnv(Map.of("ETCD_HEARTBEAT_INTERVAL", "300")));
    }

    @Test
    void versionFromEnvironmentIsIgnoredLikeEtcd() {
        LoadResult.Run r = runEnv(Map.of("ETCD_VERSION", "true"));
        assertTrue(r.warnings().contains("recognized and used environment variable ETCD_VERSION=true"));
    }
}

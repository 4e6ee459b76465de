package dev.etcdj.server.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The table of every flag the etcd 3.4.23 server binary defines ({@code etcdmain/config.go newConfig()}),
 * with its value type and its default as the flag set holds it.
 */
final class Flags {
    private Flags() {}

    enum Kind {
        STRING, BOOL, UINT, UINT64, UINT32, INT, INT64, DURATION,
        /** flags.UniqueURLs with exception "" (listen/advertise URL lists). */
        URLS,
        /** flags.UniqueURLs with exception "*" (cors). */
        CORS_URLS,
        /** flags.SelectiveStringValue. */
        SELECT,
        /** flags.StringsValue (cipher-suites). */
        STRINGS,
        /** flags.UniqueStringsValue (host-whitelist, log-output(s)). */
        UNIQUE_STRINGS,
        /** flags.IgnoredFlag: accepted as a boolean, warns, does nothing. */
        IGNORED
    }

    record Def(String name, Kind kind, String defaultValue, List<String> valids) {
        boolean isBool() { return kind == Kind.BOOL || kind == Kind.IGNORED; }
    }

    /** Flags etcd 3.4 still accepts but ignores with a warning (etcdmain/config.go "ignored"). */
    static final List<String> IGNORED_FLAGS = List.of(
            "cluster-active-size", "cluster-remove-delay", "cluster-sync-interval", "config", "force",
            "max-result-buffer", "max-retry-attempts", "peer-heartbeat-interval", "peer-election-timeout",
            "retry-interval", "snapshot", "v", "vv", "test.coverprofile", "test.outputdir");

    /** Every defined flag by name, in etcd's registration order. */
    static final Map<String, Def> ALL;

    static {
        Map<String, Def> m = new LinkedHashMap<>();
        // config file
        str(m, "config-file", "");
        // member
        str(m, "data-dir", "");
        str(m, "wal-dir", "");
        def(m, "listen-peer-urls", Kind.URLS, "http://localhost:2380");
        def(m, "listen-client-urls", Kind.URLS, "http://localhost:2379");
        def(m, "listen-metrics-urls", Kind.URLS, "");
        def(m, "max-snapshots", Kind.UINT, "5");
        def(m, "max-wals", Kind.UINT, "5");
        str(m, "name", "default");
        def(m, "snapshot-count", Kind.UINT64, "100000");
        def(m, "heartbeat-interval", Kind.UINT, "100");
        def(m, "election-timeout", Kind.UINT, "1000");
        def(m, "initial-election-tick-advance", Kind.BOOL, "true");
        def(m, "quota-backend-bytes", Kind.INT64, "0");
        def(m, "backend-batch-interval", Kind.DURATION, "0s");
        def(m, "backend-batch-limit", Kind.INT, "0");
        def(m, "max-txn-ops", Kind.UINT, "128");
        def(m, "max-request-bytes", Kind.UINT, "1572864");
        def(m, "grpc-keepalive-min-time", Kind.DURATION, "5s");
        def(m, "grpc-keepalive-interval", Kind.DURATION, "2h0m0s");
        def(m, "grpc-keepalive-timeout", Kind.DURATION, "20s");
        def(m, "max-concurrent-streams", Kind.UINT32, "4294967295");
        // clustering
        def(m, "initial-advertise-peer-urls", Kind.URLS, "http://localhost:2380");
        def(m, "advertise-client-urls", Kind.URLS, "http://localhost:2379");
        str(m, "discovery", "");
        sel(m, "discovery-fallback", "proxy", "proxy", "exit");
        str(m, "discovery-proxy", "");
        str(m, "discovery-srv", "");
        str(m, "discovery-srv-name", "");
        // etcd 3.6's v3 discovery (a subset: no TLS or auth to the discovery cluster)
        str(m, "discovery-token", "");
        str(m, "discovery-endpoints", "");
        def(m, "discovery-dial-timeout", Kind.DURATION, "2s");
        def(m, "discovery-request-timeout", Kind.DURATION, "5s");
        str(m, "initial-cluster", "default=http://localhost:2380");
        str(m, "initial-cluster-token", "etcd-cluster");
        sel(m, "initial-cluster-state", "new", "new", "existing");
        def(m, "strict-reconfig-check", Kind.BOOL, "true");
        def(m, "enable-v2", Kind.BOOL, "false");
        def(m, "pre-vote", Kind.BOOL, "false");
        // v2 proxy
        sel(m, "proxy", "off", "off", "readonly", "on");
        def(m, "proxy-failure-wait", Kind.UINT, "5000");
        def(m, "proxy-refresh-interval", Kind.UINT, "30000");
        def(m, "proxy-dial-timeout", Kind.UINT, "1000");
        def(m, "proxy-write-timeout", Kind.UINT, "5000");
        def(m, "proxy-read-timeout", Kind.UINT, "0");
        // security
        str(m, "cert-file", "");
        str(m, "key-file", "");
        def(m, "client-cert-auth", Kind.BOOL, "false");
        str(m, "client-crl-file", "");
        str(m, "client-cert-allowed-hostname", "");
        str(m, "trusted-ca-file", "");
        def(m, "auto-tls", Kind.BOOL, "false");
        str(m, "peer-cert-file", "");
        str(m, "peer-key-file", "");
        def(m, "peer-client-cert-auth", Kind.BOOL, "false");
        str(m, "peer-trusted-ca-file", "");
        def(m, "peer-auto-tls", Kind.BOOL, "false");
        str(m, "peer-crl-file", "");
        str(m, "peer-cert-allowed-cn", "");
        str(m, "peer-cert-allowed-hostname", "");
        def(m, "cipher-suites", Kind.STRINGS, "");
        def(m, "experimental-peer-skip-client-san-verification", Kind.BOOL, "false");
        def(m, "cors", Kind.CORS_URLS, "*");
        def(m, "host-whitelist", Kind.UNIQUE_STRINGS, "*");
        // logging
        str(m, "logger", "capnslog");
        def(m, "log-output", Kind.UNIQUE_STRINGS, "default");
        def(m, "log-outputs", Kind.UNIQUE_STRINGS, "default");
        def(m, "debug", Kind.BOOL, "false");
        str(m, "log-level", "info");
        str(m, "log-package-levels", "");
        // version
        def(m, "version", Kind.BOOL, "false");
        str(m, "auto-compaction-retention", "0");
        str(m, "auto-compaction-mode", "periodic");
        def(m, "enable-pprof", Kind.BOOL, "false");
        str(m, "metrics", "basic");
        // auth
        str(m, "auth-token", "simple");
        def(m, "bcrypt-cost", Kind.UINT, "10");
        def(m, "auth-token-ttl", Kind.UINT, "300");
        // gateway
        def(m, "enable-grpc-gateway", Kind.BOOL, "true");
        // experimental
        def(m, "experimental-initial-corrupt-check", Kind.BOOL, "false");
        def(m, "experimental-corrupt-check-time", Kind.DURATION, "0s");
        str(m, "experimental-enable-v2v3", "");
        str(m, "experimental-backend-bbolt-freelist-type", "");
        def(m, "experimental-enable-lease-checkpoint", Kind.BOOL, "false");
        def(m, "experimental-enable-lease-checkpoint-persist", Kind.BOOL, "false");
        def(m, "experimental-compaction-batch-limit", Kind.INT, "0");
        def(m, "experimental-watch-progress-notify-interval", Kind.DURATION, "0s");
        def(m, "experimental-warning-apply-duration", Kind.DURATION, "100ms");
        // unsafe
        def(m, "unsafe-no-fsync", Kind.BOOL, "false");
        def(m, "force-new-cluster", Kind.BOOL, "false");
        // ignored (pre-v2.0 flags and go test flags)
        for (String f : IGNORED_FLAGS) def(m, f, Kind.IGNORED, "");
        ALL = Collections.unmodifiableMap(m);
    }

    private static void str(Map<String, Def> m, String name, String dflt) { def(m, name, Kind.STRING, dflt); }

    private static void def(Map<String, Def> m, String name, Kind kind, String dflt) {
        m.put(name, new Def(name, kind, dflt, List.of()));
    }

    private static void sel(Map<String, Def> m, String name, String dflt, String... valids) {
        m.put(name, new Def(name, Kind.SELECT, dflt, List.of(valids)));
    }

    /** ETCD_ + upper case name with dashes replaced by underscores (pkg/flags FlagToEnv). */
    static String toEnv(String flagName) {
        return "ETCD_" + flagName.replace('-', '_').toUpperCase(java.util.Locale.ROOT);
    }
}

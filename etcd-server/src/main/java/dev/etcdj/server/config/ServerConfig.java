package dev.etcdj.server.config;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The effective configuration of an etcd 3.4 server process, after flags, ETCD_* environment variables or
 * the --config-file have been applied and validated, and after etcd's start-up defaults were computed
 * ({@code data-dir = ${name}.etcd}, {@code initial-cluster = ${name}=${initial-advertise-peer-urls}}).
 *
 * <p>Accessors are named after the etcd flags. Millisecond accessors ({@code ...Ms}) hold Go durations truncated
 * to milliseconds; the exact values are in {@link #raw()}. URL lists are sorted by their string form, as etcd
 * sorts them. {@code raw()} maps every etcd flag name to its effective value in etcd's string form.
 */
public record ServerConfig(
        // member
        String name,
        String dataDir,
        String walDir,
        long snapshotCount,
        long heartbeatIntervalMs,
        long electionTimeoutMs,
        boolean initialElectionTickAdvance,
        List<URI> listenPeerUrls,
        List<URI> listenClientUrls,
        List<URI> listenMetricsUrls,
        long maxSnapshots,
        long maxWals,
        long quotaBackendBytes,
        long backendBatchIntervalMs,
        long backendBatchLimit,
        long maxTxnOps,
        long maxRequestBytes,
        long maxConcurrentStreams,
        long grpcKeepAliveMinTimeMs,
        long grpcKeepAliveIntervalMs,
        long grpcKeepAliveTimeoutMs,
        // clustering
        List<URI> initialAdvertisePeerUrls,
        List<URI> advertiseClientUrls,
        String initialCluster,
        String initialClusterState,
        String initialClusterToken,
        String discovery,
        String discoveryFallback,
        String discoveryProxy,
        String discoverySrv,
        String discoverySrvName,
        boolean strictReconfigCheck,
        boolean preVote,
        String autoCompactionMode,
        String autoCompactionRetention,
        boolean enableV2,
        // v2 proxy
        String proxy,
        long proxyFailureWaitMs,
        long proxyRefreshIntervalMs,
        long proxyDialTimeoutMs,
        long proxyWriteTimeoutMs,
        long proxyReadTimeoutMs,
        // security
        TlsConfig clientTls,
        TlsConfig peerTls,
        boolean experimentalPeerSkipClientSanVerification,
        List<String> cipherSuites,
        Set<String> cors,
        Set<String> hostWhitelist,
        // auth
        String authToken,
        long bcryptCost,
        long authTokenTtl,
        // profiling and monitoring
        boolean enablePprof,
        String metrics,
        boolean enableGrpcGateway,
        // logging
        String logger,
        List<String> logOutputs,
        String logLevel,
        boolean debug,
        String logPackageLevels,
        // experimental
        boolean experimentalInitialCorruptCheck,
        long experimentalCorruptCheckTimeMs,
        String experimentalEnableV2v3,
        String experimentalBackendBboltFreelistType,
        boolean experimentalEnableLeaseCheckpoint,
        boolean experimentalEnableLeaseCheckpointPersist,
        long experimentalCompactionBatchLimit,
        long experimentalWatchProgressNotifyIntervalMs,
        long experimentalWarningApplyDurationMs,
        // unsafe
        boolean unsafeNoFsync,
        boolean forceNewCluster,
        // where it came from
        String configFile,
        Map<String, String> raw) {

    /**
     * TLS settings of one endpoint family (client or peer). etcd 3.4 has no CRL/allowed-CN/allowed-hostname
     * keys in the config file and no client allowed-CN flag; those stay empty there.
     */
    public record TlsConfig(
            String certFile,
            String keyFile,
            boolean clientCertAuth,
            String trustedCaFile,
            String crlFile,
            boolean autoTls,
            String allowedCn,
            String allowedHostname) {

        /** True when no cert/key/CA file is configured (etcd's TLSInfo.Empty()). */
        public boolean isEmpty() {
            return certFile.isEmpty() && keyFile.isEmpty();
        }
    }

    public ServerConfig {
        listenPeerUrls = List.copyOf(listenPeerUrls);
        listenClientUrls = List.copyOf(listenClientUrls);
        listenMetricsUrls = List.copyOf(listenMetricsUrls);
        initialAdvertisePeerUrls = List.copyOf(initialAdvertisePeerUrls);
        advertiseClientUrls = List.copyOf(advertiseClientUrls);
        cipherSuites = List.copyOf(cipherSuites);
        cors = Set.copyOf(cors);
        hostWhitelist = Set.copyOf(hostWhitelist);
        logOutputs = List.copyOf(logOutputs);
        raw = Map.copyOf(raw);
    }

    /**
     * Effective backend quota as etcd 3.4's server applies it: 0 means the 2 GiB default; a negative value
     * (returned as is) disables the quota alarm.
     */
    public long effectiveQuotaBackendBytes() {
        return quotaBackendBytes == 0 ? 2L * 1024 * 1024 * 1024 : quotaBackendBytes;
    }

    /** Election timeout in heartbeat ticks (etcd's ElectionTicks()). */
    public long electionTicks() {
        return electionTimeoutMs / heartbeatIntervalMs;
    }

    /** True for --initial-cluster-state=new. */
    public boolean isNewCluster() {
        return "new".equals(initialClusterState);
    }

    /** True when the process should run as a v2 proxy (--proxy on/readonly). */
    public boolean isProxy() {
        return !"off".equals(proxy);
    }
}

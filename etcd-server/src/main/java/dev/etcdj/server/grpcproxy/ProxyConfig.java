package dev.etcdj.server.grpcproxy;

import java.util.List;

/** The {@code etcd grpc-proxy start} flags, with etcd 3.4's defaults. */
record ProxyConfig(
    String listenAddr,
    List<String> endpoints,
    String metricsAddr,
    String advertiseClientUrl,
    String resolverPrefix,
    int resolverTtl,
    String namespace,
    boolean enablePprof,
    String dataDir,
    int maxSendBytes,
    int maxRecvBytes,
    String cert,
    String key,
    String cacert,
    boolean insecureSkipTlsVerify,
    String certFile,
    String keyFile,
    String trustedCaFile,
    List<String> listenCipherSuites,
    boolean autoTls,
    String clientCrlFile,
    String discoverySrv,
    String leasingPrefix,
    boolean serializableOrdering,
    boolean debug,
    long maxConcurrentStreams) {

  /** The default of --max-concurrent-streams: Go's math.MaxUint32, i.e. no limit. */
  static final long UNLIMITED_STREAMS = 0xFFFFFFFFL;

  ProxyConfig {
    endpoints = List.copyOf(endpoints);
    listenCipherSuites = List.copyOf(listenCipherSuites);
  }

  boolean upstreamTls() {
    return !cert.isEmpty() || !key.isEmpty() || !cacert.isEmpty() || insecureSkipTlsVerify;
  }

  boolean listenerTls() {
    return !certFile.isEmpty() || !keyFile.isEmpty() || !trustedCaFile.isEmpty() || autoTls;
  }
}

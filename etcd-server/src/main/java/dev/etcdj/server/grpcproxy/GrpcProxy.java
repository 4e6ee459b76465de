package dev.etcdj.server.grpcproxy;

import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import com.linecorp.armeria.server.grpc.GrpcService;
import dev.etcdj.tls.EtcdTls;
import dev.etcdj.tls.TlsSettings;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running grpc-proxy: the whole v3 API (KV, Watch, Lease, Cluster, Maintenance, Auth, Election,
 * Lock) and {@code /health}, {@code /metrics} on one Armeria port, forwarding to the cluster
 * over one {@link Upstream} channel; optionally a second port for metrics only.
 */
final class GrpcProxy implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("etcdmain");
  /** Larger than any request a member accepts (--max-request-bytes tops out well below it). */
  private static final int MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

  private final ProxyConfig cfg;
  private final Upstream upstream;
  private final ScheduledExecutorService scheduler;
  private final ProxyHttp http;
  private final Server server;
  private final Server metricsServer;

  private GrpcProxy(ProxyConfig cfg, Upstream upstream, ScheduledExecutorService scheduler, ProxyHttp http,
      Server server, Server metricsServer) {
    this.cfg = cfg;
    this.upstream = upstream;
    this.scheduler = scheduler;
    this.http = http;
    this.server = server;
    this.metricsServer = metricsServer;
  }

  /** Binds the listener, connects to the cluster and serves; {@code listenerTls} is null for plain TCP. */
  static GrpcProxy start(ProxyConfig cfg, TlsSettings listenerTls) {
    InetSocketAddress listen = socketAddress(cfg.listenAddr());
    Upstream upstream = new Upstream(cfg);
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "grpc-proxy-scheduler");
      t.setDaemon(true);
      return t;
    });
    Namespace ns = new Namespace(cfg.namespace());
    RangeCache cache = new RangeCache(RangeCache.DEFAULT_MAX_ENTRIES);
    ProxyMetrics metrics = new ProxyMetrics(cache::size);
    LeaseKeepAlives keepAlives = new LeaseKeepAlives(upstream, scheduler);
    WatchBroadcasts broadcasts = new WatchBroadcasts(upstream, ns, scheduler, metrics);
    ProxyHttp http = new ProxyHttp(upstream, cfg, metrics);
    // etcd registers through its namespaced client, so registrations live inside the namespace
    String registry = cfg.resolverPrefix().isEmpty() ? "" : cfg.namespace() + cfg.resolverPrefix();

    GrpcService grpc = GrpcService.builder()
        .addService(new KvProxy(upstream, cache, ns, metrics))
        .addService(new WatchProxy(upstream, broadcasts, ns))
        .addService(new LeaseProxy(upstream, keepAlives, ns))
        .addService(new ClusterProxy(upstream, cfg.advertiseClientUrl(), registry, scheduler))
        .addService(new MaintenanceProxy(upstream))
        .addService(new AuthProxy(upstream))
        .addService(new ElectionProxy(upstream))
        .addService(new LockProxy(upstream))
        .maxRequestMessageLength(MAX_MESSAGE_BYTES)
        .maxResponseMessageLength(MAX_MESSAGE_BYTES)
        .useBlockingTaskExecutor(false)
        .supportedSerializationFormats(GrpcSerializationFormats.PROTO)
        .build();
    ServerBuilder sb = base().port(listen, listenerTls == null ? SessionProtocol.HTTP : SessionProtocol.HTTPS)
        .service(grpc)
        .service("/health", http.health())
        .service("/metrics", http.metrics());
    if (cfg.maxConcurrentStreams() != ProxyConfig.UNLIMITED_STREAMS) {
      sb.http2MaxStreamsPerConnection(cfg.maxConcurrentStreams());
    }
    if (listenerTls != null) {
      tls(sb, listenerTls);
    }
    Server server = sb.build();
    server.start().join();
    LOG.info("listening for gRPC proxy client requests address={}", cfg.listenAddr());

    Server metricsServer = null;
    if (!cfg.metricsAddr().isEmpty()) {
      URI u = URI.create(cfg.metricsAddr());
      boolean https = "https".equals(u.getScheme());
      ServerBuilder mb = base().port(new InetSocketAddress(u.getHost(), u.getPort()),
              https ? SessionProtocol.HTTPS : SessionProtocol.HTTP)
          .service("/health", http.health())
          .service("/metrics", http.metrics());
      if (https && listenerTls != null) {
        tls(mb, listenerTls);
      }
      metricsServer = mb.build();
      metricsServer.start().join();
      LOG.info("gRPC proxy listening for metrics address={}", cfg.metricsAddr());
      LOG.info("gRPC proxy server metrics URL serving");
    }
    if (!cfg.resolverPrefix().isEmpty()) {
      new Registration(upstream, keepAlives, scheduler, registry, cfg.advertiseClientUrl(),
          cfg.resolverTtl()).start();
    }
    LOG.info("started gRPC proxy address={}", cfg.listenAddr());
    return new GrpcProxy(cfg, upstream, scheduler, http, server, metricsServer);
  }

  private static ServerBuilder base() {
    return Server.builder()
        .requestTimeout(Duration.ZERO)
        .idleTimeout(Duration.ZERO)
        .maxRequestLength(0)
        .gracefulShutdownTimeout(Duration.ZERO, Duration.ofSeconds(1));
  }

  private static void tls(ServerBuilder sb, TlsSettings tls) {
    sb.tls(EtcdTls.reloadingKeyManagerFactory(tls)).tlsCustomizer(EtcdTls.serverCustomizer(tls));
    if (!tls.cipherSuites().isEmpty()) {
      sb.tlsAllowUnsafeCiphers();
    }
  }

  static InetSocketAddress socketAddress(String hostPort) {
    URI u = URI.create("tcp://" + hostPort);
    if (u.getHost() == null || u.getPort() < 0) {
      throw new IllegalArgumentException("listen tcp " + hostPort + ": address " + hostPort
          + ": missing port in address");
    }
    return new InetSocketAddress(u.getHost(), u.getPort());
  }

  @Override
  public void close() {
    if (metricsServer != null) {
      metricsServer.stop().join();
    }
    server.stop().join();
    LOG.info("stop listening gRPC proxy client requests address={}", cfg.listenAddr());
    http.close();
    scheduler.shutdownNow();
    upstream.close();
  }
}

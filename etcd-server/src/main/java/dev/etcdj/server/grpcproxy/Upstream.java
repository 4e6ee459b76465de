package dev.etcdj.server.grpcproxy;

import com.linecorp.armeria.server.ServiceRequestContext;
import dev.etcdj.tls.EtcdTls;
import dev.etcdj.tls.TlsSettings;
import io.grpc.ChannelCredentials;
import io.grpc.EquivalentAddressGroup;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.NameResolver;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The proxy's connection to the cluster: one gRPC channel balancing round robin over every
 * endpoint (one HTTP/2 connection per member), so a dead member's calls move to the others, as
 * clientv3's balancer does. Reads of KV.Range are retried on another member when one goes away.
 */
final class Upstream implements AutoCloseable {
  static final Metadata.Key<String> TOKEN = Metadata.Key.of("token", Metadata.ASCII_STRING_MARSHALLER);

  private final ManagedChannel channel;
  private final NioEventLoopGroup group;
  private final List<String> endpoints;
  private final boolean secure;

  Upstream(ProxyConfig cfg) {
    this.endpoints = cfg.endpoints();
    boolean tls = cfg.upstreamTls() || endpoints.stream().anyMatch(e -> e.startsWith("https://"));
    this.secure = tls;
    List<EquivalentAddressGroup> groups = new ArrayList<>();
    for (String ep : endpoints) {
      groups.add(new EquivalentAddressGroup(address(ep)));
    }
    String authority = hostPort(endpoints.get(0));
    this.group = new NioEventLoopGroup(2, r -> {
      Thread t = new Thread(r, "grpc-proxy-upstream");
      t.setDaemon(true);
      return t;
    });
    this.channel = NettyChannelBuilder.forTarget("etcd-endpoints:///cluster", credentials(cfg, tls))
        .nameResolverFactory(new StaticResolverFactory(authority, groups))
        .defaultLoadBalancingPolicy("round_robin")
        .defaultServiceConfig(retryReads())
        .enableRetry()
        .eventLoopGroup(group)
        .channelType(NioSocketChannel.class)
        .maxInboundMessageSize(cfg.maxRecvBytes())
        .keepAliveTime(30, TimeUnit.SECONDS)
        .directExecutor()
        .build();
    channel.getState(true);
  }

  ManagedChannel channel() {
    return channel;
  }

  List<String> endpoints() {
    return endpoints;
  }

  boolean secure() {
    return secure;
  }

  /** The stub carrying the auth token of the client call being served, if it sent one. */
  static <S extends AbstractStub<S>> S asCaller(S stub) {
    ServiceRequestContext ctx = ServiceRequestContext.currentOrNull();
    String token = ctx == null ? null : ctx.request().headers().get("token");
    return withToken(stub, token);
  }

  static String callerToken() {
    ServiceRequestContext ctx = ServiceRequestContext.currentOrNull();
    return ctx == null ? null : ctx.request().headers().get("token");
  }

  static <S extends AbstractStub<S>> S withToken(S stub, String token) {
    if (token == null || token.isEmpty()) {
      return stub;
    }
    Metadata md = new Metadata();
    md.put(TOKEN, token);
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
  }

  private static Map<String, ?> retryReads() {
    Map<String, Object> retry = Map.of("maxAttempts", 3.0, "initialBackoff", "0.1s", "maxBackoff", "1s",
        "backoffMultiplier", 2.0, "retryableStatusCodes", List.of("UNAVAILABLE"));
    Map<String, Object> range = Map.of(
        "name", List.of(Map.of("service", "etcdserverpb.KV", "method", "Range")),
        "retryPolicy", retry);
    return Map.of("methodConfig", List.of(range));
  }

  private static ChannelCredentials credentials(ProxyConfig cfg, boolean tls) {
    if (!tls) {
      return InsecureChannelCredentials.create();
    }
    TlsSettings s = new TlsSettings(path(cfg.cert()), path(cfg.key()), path(cfg.cacert()), false, null, false,
        List.of(), null, null);
    TlsChannelCredentials.Builder b = TlsChannelCredentials.newBuilder();
    if (cfg.insecureSkipTlsVerify()) {
      b.trustManager(InsecureTrustManagerFactory.INSTANCE.getTrustManagers());
    } else {
      b.trustManager(EtcdTls.clientTrustManager(s));
    }
    if (s.hasCertificate()) {
      b.keyManager(EtcdTls.reloadingKeyManagerFactory(s).getKeyManagers());
    }
    return b.build();
  }

  private static Path path(String s) {
    return s.isEmpty() ? null : Path.of(s);
  }

  static String hostPort(String endpoint) {
    String t = endpoint.trim();
    int scheme = t.indexOf("://");
    if (scheme >= 0) {
      t = t.substring(scheme + 3);
    }
    int slash = t.indexOf('/');
    return slash >= 0 ? t.substring(0, slash) : t;
  }

  private static InetSocketAddress address(String endpoint) {
    URI u = URI.create("tcp://" + hostPort(endpoint));
    String host = u.getHost();
    if (host == null) {
      throw new IllegalArgumentException("invalid endpoint " + endpoint);
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new InetSocketAddress(host, u.getPort() < 0 ? 2379 : u.getPort());
  }

  @Override
  public void close() {
    channel.shutdownNow();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  /** Resolves the fixed endpoint list once; the balancer reconnects to each member by itself. */
  private static final class StaticResolverFactory extends NameResolver.Factory {
    private final String authority;
    private final List<EquivalentAddressGroup> groups;

    StaticResolverFactory(String authority, List<EquivalentAddressGroup> groups) {
      this.authority = authority;
      this.groups = groups;
    }

    @Override
    public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
      return new NameResolver() {
        @Override
        public String getServiceAuthority() {
          return authority;
        }

        @Override
        public void start(Listener2 listener) {
          listener.onResult(ResolutionResult.newBuilder().setAddresses(groups).build());
        }

        @Override
        public void shutdown() {
        }
      };
    }

    @Override
    public String getDefaultScheme() {
      return "etcd-endpoints";
    }
  }
}

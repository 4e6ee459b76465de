package dev.etcdj.server.peer;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import com.linecorp.armeria.server.grpc.GrpcService;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer listeners: every {@code --listen-peer-urls} address serves, through one Armeria
 * server, the {@link RaftPeerService} over gRPC and etcd's peer HTTP endpoints:
 * <ul>
 *   <li>{@code GET /members}: the members as etcd 3.4 encodes them (see {@link MembersJson}),
 *       with {@code X-Etcd-Cluster-ID: <hex>};</li>
 *   <li>{@code GET /version}: {@code {"etcdserver":"3.4.23","etcdcluster":"3.4.0"}};</li>
 *   <li>the routes the member adds (etcd's {@code GET /members/hashkv}).</li>
 * </ul>
 * gRPC calls have no request timeout and no request length limit (streams live as long as the
 * connection); single messages may be up to {@value #MAX_MESSAGE_BYTES} bytes. Callbacks run on
 * Armeria's blocking-task executor (snapshot data is handed to the sink with blocking puts).
 *
 * <p>Only {@code http://} URLs are supported for now.
 */
public final class PeerListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("embed");
  static final int MAX_MESSAGE_BYTES = 64 << 20;
  static final String SERVER_VERSION = "3.4.23";
  static final String CLUSTER_VERSION = "3.4.0";
  private static final String VERSION_BODY =
      "{\"etcdserver\":\"" + SERVER_VERSION + "\",\"etcdcluster\":\"" + CLUSTER_VERSION + "\"}";

  private final Server server;

  private PeerListener(Server server) {
    this.server = server;
  }

  /**
   * Binds every URL and starts serving; returns once listening.
   *
   * @throws IllegalArgumentException for a URL that is not {@code http://host:port}
   * @throws java.util.concurrent.CompletionException if a port cannot be bound
   */
  public static PeerListener start(List<URI> urls, RaftPeerService service, long clusterId,
      Supplier<List<PeerMember>> members) {
    return start(urls, null, service, clusterId, members);
  }

  /**
   * As {@link #start(List, RaftPeerService, long, Supplier)}, with https URLs served by
   * {@code tls} (its server side: certificate, client authentication, CRL, allowed CN/hostname).
   */
  public static PeerListener start(List<URI> urls, java.util.function.Consumer<ServerBuilder> tls,
      RaftPeerService service, long clusterId, Supplier<List<PeerMember>> members) {
    return start(urls, tls, service, clusterId, members, java.util.Map.of());
  }

  /** As above, also serving {@code routes} (exact paths, e.g. etcd's {@code /members/hashkv}). */
  public static PeerListener start(List<URI> urls, java.util.function.Consumer<ServerBuilder> tls,
      RaftPeerService service, long clusterId, Supplier<List<PeerMember>> members,
      java.util.Map<String, HttpService> routes) {
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("no peer listen URLs");
    }
    ServerBuilder sb = Server.builder()
        .requestTimeout(Duration.ZERO)
        .maxRequestLength(0)
        .gracefulShutdownTimeout(Duration.ZERO, Duration.ofSeconds(1))
        .connectionDrainDuration(Duration.ZERO)
        .childChannelPipelineCustomizer(dev.etcdj.server.BatchedFlushes::install);
    for (URI url : urls) {
      if (ListenAddress.isSecure(url) && tls == null) {
        throw new IllegalArgumentException("peer listen URL " + url + " is not supported without peer TLS");
      }
      ListenAddress at = ListenAddress.of(url);
      sb.port(at.address(), at.protocol());
    }
    if (tls != null && urls.stream().anyMatch(ListenAddress::isSecure)) {
      tls.accept(sb);
    }
    sb.service(GrpcService.builder()
        .addService(service)
        .maxRequestMessageLength(MAX_MESSAGE_BYTES)
        .maxResponseMessageLength(MAX_MESSAGE_BYTES)
        .useBlockingTaskExecutor(false)
        .supportedSerializationFormats(GrpcSerializationFormats.PROTO)
        .build());
    sb.service("/members", membersService(clusterId, members));
    sb.service("/version", versionService());
    routes.forEach(sb::service);
    Server server = sb.build();
    for (URI url : urls) {
      LOG.info("listening for peers on {}", url);
    }
    server.start().join();
    return new PeerListener(server);
  }

  private static HttpService membersService(long clusterId, Supplier<List<PeerMember>> members) {
    String cid = PeerHeaders.hex(clusterId);
    return (ctx, req) -> {
      if (req.method() != HttpMethod.GET) {
        return methodNotAllowed("GET");
      }
      ResponseHeaders headers = ResponseHeaders.builder(HttpStatus.OK)
          .contentType(MediaType.JSON)
          .set("X-Etcd-Cluster-ID", cid)
          .build();
      return HttpResponse.of(headers, com.linecorp.armeria.common.HttpData.ofUtf8(MembersJson.encode(members.get())));
    };
  }

  private static HttpService versionService() {
    return (ctx, req) -> {
      if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
        return methodNotAllowed("GET, HEAD");
      }
      return HttpResponse.of(HttpStatus.OK, MediaType.JSON, VERSION_BODY);
    };
  }

  /** Go's {@code http.Error(w, "Method Not Allowed", 405)} with an Allow header. */
  private static HttpResponse methodNotAllowed(String allow) {
    return HttpResponse.of(ResponseHeaders.builder(HttpStatus.METHOD_NOT_ALLOWED)
            .contentType(MediaType.PLAIN_TEXT_UTF_8)
            .set(HttpHeaderNames.ALLOW, allow)
            .set("X-Content-Type-Options", "nosniff")
            .build(),
        com.linecorp.armeria.common.HttpData.ofUtf8("Method Not Allowed\n"));
  }

  /** The bound port of the first URL (useful when it asked for port 0). */
  public int port() {
    return server.activeLocalPort();
  }

  /**
   * Stops listening; open streams are cut after at most 1 s. The future completes when the
   * ports are released (Armeria's shutdown takes about 2 s).
   */
  public java.util.concurrent.CompletableFuture<Void> closeAsync() {
    return server.stop();
  }

  @Override
  public void close() {
    dev.etcdj.server.ListenerStop.stop(server);
  }
}

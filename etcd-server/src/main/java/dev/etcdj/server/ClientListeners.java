package dev.etcdj.server;

import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import com.linecorp.armeria.server.grpc.GrpcService;
import com.linecorp.armeria.server.grpc.GrpcServiceBuilder;
import io.grpc.BindableService;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client listeners: every {@code --listen-client-urls} address serves gRPC (HTTP/2) and
 * HTTP/1.1 on the same port, as etcd's 2379 does, through one Armeria server.
 */
public final class ClientListeners implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("embed");
  /** etcd lets gRPC messages exceed --max-request-bytes by this much for framing. */
  private static final int GRPC_OVERHEAD_BYTES = 512 * 1024;

  private final Server server;

  private ClientListeners(Server server) {
    this.server = server;
  }

  public static ClientListeners start(List<URI> urls, dev.etcdj.tls.TlsSettings tls, List<BindableService> grpcServices,
      Map<String, HttpService> httpRoutes, HttpService jsonGateway, long maxRequestBytes, long maxConcurrentStreams,
      io.grpc.ServerInterceptor authInterceptor) {
    ServerBuilder sb = Server.builder()
        .http2MaxStreamsPerConnection(maxConcurrentStreams)
        .requestTimeout(Duration.ZERO)
        .idleTimeout(Duration.ZERO)
        .maxRequestLength(0)
        .gracefulShutdownTimeout(Duration.ZERO, Duration.ofSeconds(1))
        .errorHandler(new GoNotFound())
        .childChannelPipelineCustomizer(BatchedFlushes::install);
    TlsSetup.bind(sb, urls, tls);
    GrpcServiceBuilder grpc = GrpcService.builder()
        .maxRequestMessageLength((int) Math.min(Integer.MAX_VALUE, maxRequestBytes + GRPC_OVERHEAD_BYTES))
        .maxResponseMessageLength(Integer.MAX_VALUE)
        .useBlockingTaskExecutor(false)
        .supportedSerializationFormats(GrpcSerializationFormats.PROTO);
    grpcServices.forEach(grpc::addService);
    grpc.intercept(authInterceptor);
    sb.service(grpc.build());
    httpRoutes.forEach(sb::service);
    sb.serviceUnder("/v3/", jsonGateway);
    sb.serviceUnder("/v3beta/", jsonGateway);
    Server server = sb.build();
    server.start().join();
    LOG.info("ready to serve client requests");
    for (URI url : urls) {
      if ("https".equals(url.getScheme())) {
        LOG.info("serving client requests on {}:{}", url.getHost(), url.getPort());
      } else {
        LOG.info("serving insecure client requests on {}:{}, this is strongly discouraged!", url.getHost(), url.getPort());
      }
    }
    return new ClientListeners(server);
  }

  @Override
  public void close() {
    ListenerStop.stop(server);
  }
}

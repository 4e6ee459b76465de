package dev.etcdj.server.grpcproxy;

import com.google.protobuf.ByteString;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.ClientFactoryBuilder;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import dev.etcdj.api.KVGrpc;
import dev.etcdj.api.RangeRequest;
import dev.etcdj.api.RangeResponse;
import dev.etcdj.tls.EtcdTls;
import dev.etcdj.tls.TlsSettings;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The proxy's HTTP endpoints, as etcd 3.4's: {@code /health} is true when a read of key "a"
 * through the cluster answers within a second (or is refused for permissions);
 * {@code /metrics} relays a member's metrics and adds the proxy's own.
 */
final class ProxyHttp implements AutoCloseable {
  private final KVGrpc.KVStub kv;
  private final List<String> endpoints;
  private final boolean secure;
  private final ProxyMetrics metrics;
  private final ClientFactory factory;

  ProxyHttp(Upstream upstream, ProxyConfig cfg, ProxyMetrics metrics) {
    this.kv = KVGrpc.newStub(upstream.channel());
    this.endpoints = upstream.endpoints();
    this.secure = upstream.secure();
    this.metrics = metrics;
    ClientFactoryBuilder b = ClientFactory.builder().connectTimeout(Duration.ofSeconds(2));
    if (cfg.insecureSkipTlsVerify()) {
      b.tlsNoVerify();
    } else if (secure) {
      b.tlsCustomizer(EtcdTls.clientCustomizer(new TlsSettings(path(cfg.cert()), path(cfg.key()),
          path(cfg.cacert()), false, null, false, List.of(), null, null)));
    }
    this.factory = b.build();
  }

  HttpService health() {
    return (ctx, req) -> {
      CompletableFuture<Boolean> healthy = new CompletableFuture<>();
      kv.withDeadlineAfter(1, TimeUnit.SECONDS).range(
          RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("a")).build(), new StreamObserver<>() {
            @Override
            public void onNext(RangeResponse r) {
              healthy.complete(true);
            }

            @Override
            public void onError(Throwable t) {
              Status s = Status.fromThrowable(t);
              healthy.complete(s.getCode() == Status.Code.PERMISSION_DENIED);
            }

            @Override
            public void onCompleted() {
              healthy.complete(true);
            }
          });
      return HttpResponse.of(healthy.thenApply(ok -> HttpResponse.of(
          ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE, MediaType.JSON, "{\"health\":\"" + ok + "\"}")));
    };
  }

  HttpService metrics() {
    return (ctx, req) -> HttpResponse.of(scrape(0).thenApply(member -> HttpResponse.of(HttpStatus.OK,
        MediaType.parse("text/plain; version=0.0.4"), member + metrics.registry.scrape())));
  }

  /** A member's metrics, trying the endpoints in turn. */
  private CompletableFuture<String> scrape(int i) {
    if (i >= endpoints.size()) {
      return CompletableFuture.completedFuture("");
    }
    String ep = endpoints.get(i);
    String base = ep.contains("://") ? ep : (secure ? "https://" : "http://") + ep;
    return WebClient.builder(base).factory(factory).build().get("/metrics").aggregate()
        .handle((AggregatedHttpResponse r, Throwable t) -> t == null && r.status().equals(HttpStatus.OK)
            ? CompletableFuture.completedFuture(r.contentUtf8())
            : scrape(i + 1))
        .thenCompose(f -> f);
  }

  private static Path path(String s) {
    return s.isEmpty() ? null : Path.of(s);
  }

  @Override
  public void close() {
    factory.close();
  }
}

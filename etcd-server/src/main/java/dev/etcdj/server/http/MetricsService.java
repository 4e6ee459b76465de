package dev.etcdj.server.http;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.etcdj.server.metrics.Metrics;

/** {@code GET /metrics} in the Prometheus text format. */
public final class MetricsService implements HttpService {
  private static final MediaType PROMETHEUS = MediaType.parse("text/plain; version=0.0.4; charset=utf-8");
  private final Metrics metrics;

  public MetricsService(Metrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    return HttpResponse.of(HttpStatus.OK, PROMETHEUS, metrics.scrape());
  }
}

package dev.etcdj.server.http;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code GET /health} as etcd 3.4: healthy when no alarm is active, there is a leader, and a
 * linearizable read completes in time; {@code {"health":"true"}} with 200, else "false" with 503.
 */
public final class HealthService implements HttpService {
  private final BooleanSupplier noAlarms;
  private final BooleanSupplier hasLeader;
  private final Supplier<CompletableFuture<Void>> linearizableRead;
  private final Duration timeout;

  public HealthService(BooleanSupplier noAlarms, BooleanSupplier hasLeader,
      Supplier<CompletableFuture<Void>> linearizableRead, Duration timeout) {
    this.noAlarms = noAlarms;
    this.hasLeader = hasLeader;
    this.linearizableRead = linearizableRead;
    this.timeout = timeout;
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    if (!noAlarms.getAsBoolean() || !hasLeader.getAsBoolean()) {
      return answer(false);
    }
    return HttpResponse.of(linearizableRead.get()
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle((v, err) -> answer(err == null)));
  }

  private static HttpResponse answer(boolean healthy) {
    return HttpResponse.of(healthy ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE, MediaType.JSON,
        "{\"health\":\"" + healthy + "\"}");
  }
}

package dev.etcdj.server;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.ServerErrorHandler;
import com.linecorp.armeria.server.ServiceConfig;
import com.linecorp.armeria.server.ServiceRequestContext;

/**
 * A path no listener serves gets Go's {@code http.NotFound} answer, as etcd's HTTP mux gives it
 * (e.g. {@code /v2/keys} without --enable-v2), so clients that read the body (the v2 Go client
 * reports it as invalid JSON) see what they see with etcd. Other errors keep Armeria's handling.
 */
final class GoNotFound implements ServerErrorHandler {
  private static final AggregatedHttpResponse NOT_FOUND =
      AggregatedHttpResponse.of(HttpStatus.NOT_FOUND, MediaType.PLAIN_TEXT_UTF_8, "404 page not found\n");

  @Override
  public HttpResponse onServiceException(ServiceRequestContext ctx, Throwable cause) {
    return null;
  }

  @Override
  public AggregatedHttpResponse renderStatus(ServiceRequestContext ctx, ServiceConfig config, RequestHeaders headers,
      HttpStatus status, String description, Throwable cause) {
    return status == HttpStatus.NOT_FOUND ? NOT_FOUND : null;
  }
}

package dev.etcdj.server.http;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.etcdj.server.Versions;

/** {@code GET /version}: etcd's {@code {"etcdserver":"3.4.23","etcdcluster":"3.4.0"}}. */
public final class VersionService implements HttpService {
  private static final String BODY =
      "{\"etcdserver\":\"" + Versions.SERVER + "\",\"etcdcluster\":\"" + Versions.CLUSTER + "\"}";

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    return HttpResponse.of(com.linecorp.armeria.common.HttpStatus.OK, MediaType.JSON, BODY);
  }
}

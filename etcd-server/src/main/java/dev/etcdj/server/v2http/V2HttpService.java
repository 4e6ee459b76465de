package dev.etcdj.server.v2http;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.etcdj.api.internal.V2Response;
import dev.etcdj.server.EtcdException;
import dev.etcdj.server.apply.V2Applier;
import dev.etcdj.server.consensus.ConsensusStatus;
import dev.etcdj.server.v2auth.V2AccessControl;
import dev.etcdj.server.v2auth.V2AuthHandler;
import dev.etcdj.server.v2auth.V2Caller;
import dev.etcdj.server.v2store.Event;
import dev.etcdj.server.v2store.V2Error;
import dev.etcdj.server.v2store.V2Json;
import dev.etcdj.server.v2store.Watcher;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** Everything under {@code /v2/} on the client port (etcd's v2http client handler). */
public final class V2HttpService implements HttpService {
  private static final String KEYS = "/v2/keys";
  private static final String MEMBERS = "/v2/members";

  private final V2Keys keys;
  private final V2Members members;
  private final Supplier<ConsensusStatus> status;
  private final long clusterId;
  private final LongSupplier clock;
  private final V2AuthHandler auth;
  private final V2AccessControl access;

  public V2HttpService(V2Keys keys, V2Members members, Supplier<ConsensusStatus> status, long clusterId,
      LongSupplier clock, V2AuthHandler auth, V2AccessControl access) {
    this.keys = keys;
    this.members = members;
    this.status = status;
    this.clusterId = clusterId;
    this.clock = clock;
    this.auth = auth;
    this.access = access;
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    String path = ctx.decodedPath();
    if (path.equals(KEYS) || path.startsWith(KEYS + "/")) {
      return HttpResponse.of(req.aggregate().thenApply(agg -> keys(ctx, agg, path.substring(KEYS.length()))));
    }
    if (path.equals(MEMBERS) || path.startsWith(MEMBERS + "/")) {
      return HttpResponse.of(req.aggregate().thenCompose(agg -> members(ctx, agg, path)));
    }
    if (path.equals(V2AuthHandler.PREFIX) || path.startsWith(V2AuthHandler.PREFIX + "/")) {
      return HttpResponse.of(req.aggregate().thenApplyAsync(agg -> auth.serve(agg, path, caller(ctx, agg)),
          ctx.blockingTaskExecutor()));
    }
    return switch (path) {
      case "/v2/machines" -> allowed(req.method(), "GET", "HEAD")
          ? HttpResponse.of(HttpStatus.OK, MediaType.PLAIN_TEXT_UTF_8, members.machines())
          : methodNotAllowed("GET,HEAD");
      case "/v2/stats/store" -> allowed(req.method(), "GET")
          ? HttpResponse.of(HttpStatus.OK, MediaType.JSON, keys.store().statsJson())
          : methodNotAllowed("GET");
      case "/v2/stats/self" -> allowed(req.method(), "GET")
          ? HttpResponse.of(HttpStatus.OK, MediaType.JSON, members.selfStats())
          : methodNotAllowed("GET");
      case "/v2/stats/leader" -> allowed(req.method(), "GET") ? members.leaderStats() : methodNotAllowed("GET");
      default -> HttpResponse.of(HttpStatus.NOT_FOUND, MediaType.PLAIN_TEXT_UTF_8, "404 page not found\n");
    };
  }

  private HttpResponse keys(ServiceRequestContext ctx, AggregatedHttpRequest req, String keyPath) {
    String method = req.method().name();
    if (!allowed(req.method(), "HEAD", "GET", "PUT", "POST", "DELETE")) {
      return methodNotAllowed("HEAD,GET,PUT,POST,DELETE");
    }
    KeyRequest kr;
    try {
      kr = KeyRequest.parse(method, keyPath, FormParser.parse(ctx.query(), formBody(req)), clock.getAsLong());
    } catch (V2Error e) {
      return error(e);
    }
    if (!access.authEnabled()) {
      return keys(kr, method);
    }
    V2Caller caller = caller(ctx, req);
    boolean recursive = kr.request().getRecursive();
    return HttpResponse.of(CompletableFuture.supplyAsync(
        () -> access.keyAccessWhileEnabled(caller, method, keyPath, recursive)
            ? keys(kr, method) : error(new V2Error(V2Error.UNAUTHORIZED, "Insufficient credentials", 0)),
        ctx.blockingTaskExecutor()));
  }

  /** Member changes need root once auth is on (checked off the event loop: bcrypt); reads do not. */
  private CompletableFuture<HttpResponse> members(ServiceRequestContext ctx, AggregatedHttpRequest req, String path) {
    String subPath = path.substring(MEMBERS.length());
    if (!allowed(req.method(), "POST", "PUT", "DELETE") || !access.authEnabled()) {
      return CompletableFuture.completedFuture(members.serve(req, subPath));
    }
    V2Caller caller = caller(ctx, req);
    return CompletableFuture.supplyAsync(() -> access.rootAccessWhileEnabled(caller, path)
        ? members.serve(req, subPath) : V2AuthHandler.noAuth(), ctx.blockingTaskExecutor());
  }

  private static V2Caller caller(ServiceRequestContext ctx, AggregatedHttpRequest req) {
    return V2Caller.of(req.headers().get(HttpHeaderNames.AUTHORIZATION), ctx.sslSession());
  }

  private HttpResponse keys(KeyRequest kr, String method) {
    try {
      if (method.equals("GET") && kr.waitForChange()) {
        return watch(kr);
      }
      if ((method.equals("GET") && !kr.quorum()) || method.equals("HEAD")) {
        var r = kr.request();
        Event e = keys.store().get(r.getPath(), r.getRecursive(), r.getSorted());
        return event(V2Json.event(e, V2Applier.KEYS_PREFIX, true), e.etcdIndex(), false, method.equals("HEAD"));
      }
    } catch (V2Error e) {
      return error(trimmed(e));
    }
    String proposed = method.equals("GET") ? "QGET" : method;
    CompletableFuture<HttpResponse> answer = keys.propose(kr.request().setMethod(proposed).build())
        .handle((resp, t) -> t == null ? written(resp, kr.noValueOnSuccess()) : failure(t));
    return HttpResponse.of(answer);
  }

  private HttpResponse written(V2Response resp, boolean noValueOnSuccess) {
    String json = resp.getEventJson();
    if (noValueOnSuccess) {
      String action = json.substring("{\"action\":\"".length(), json.indexOf('"', "{\"action\":\"".length()));
      if (List.of(Event.SET, Event.COMPARE_AND_SWAP, Event.CREATE, Event.UPDATE).contains(action)) {
        json = "{\"action\":\"" + action + "\"}\n";
      }
    }
    return event(json, resp.getEtcdIndex(), resp.getCreated(), false);
  }

  private HttpResponse watch(KeyRequest kr) {
    var r = kr.request();
    WatchResponder responder = new WatchResponder(kr.stream());
    Watcher w = keys.store().watch(r.getPath(), r.getRecursive(), kr.stream(), kr.waitIndex(), responder::offer);
    return responder.open(headers(HttpStatus.OK, w.startIndex()).build(), w::remove);
  }

  private HttpResponse event(String json, long etcdIndex, boolean created, boolean head) {
    ResponseHeaders h = headers(created ? HttpStatus.CREATED : HttpStatus.OK, etcdIndex).build();
    return head ? HttpResponse.of(h) : HttpResponse.of(h, com.linecorp.armeria.common.HttpData.ofUtf8(json));
  }

  private ResponseHeadersBuilder headers(HttpStatus code, long etcdIndex) {
    ConsensusStatus s = status.get();
    return ResponseHeaders.builder(code)
        .contentType(MediaType.JSON)
        .add("X-Etcd-Cluster-ID", Long.toHexString(clusterId))
        .add("X-Etcd-Index", Long.toUnsignedString(etcdIndex))
        .add("X-Raft-Index", Long.toUnsignedString(s.commitIndex()))
        .add("X-Raft-Term", Long.toUnsignedString(s.term()));
  }

  private HttpResponse failure(Throwable t) {
    Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    if (cause instanceof V2Error e) {
      return error(trimmed(e));
    }
    String text = cause instanceof EtcdException ? cause.getMessage() : String.valueOf(cause.getMessage());
    return error(new V2Error(V2Error.RAFT_INTERNAL, text, 0));
  }

  private static V2Error trimmed(V2Error e) {
    String c = e.errorCause();
    return c.startsWith(V2Applier.KEYS_PREFIX) ? e.withCause(c.substring(V2Applier.KEYS_PREFIX.length())) : e;
  }

  private HttpResponse error(V2Error e) {
    ResponseHeaders h = ResponseHeaders.builder(HttpStatus.valueOf(e.httpStatus()))
        .contentType(MediaType.JSON)
        .add("X-Etcd-Cluster-ID", Long.toHexString(clusterId))
        .add("X-Etcd-Index", Long.toUnsignedString(e.index()))
        .build();
    return HttpResponse.of(h, com.linecorp.armeria.common.HttpData.ofUtf8(V2Json.error(e)));
  }

  private static String formBody(AggregatedHttpRequest req) {
    HttpMethod m = req.method();
    MediaType type = req.contentType();
    boolean form = type != null && type.is(MediaType.FORM_DATA);
    return form && (m == HttpMethod.POST || m == HttpMethod.PUT || m == HttpMethod.PATCH) ? req.contentUtf8() : "";
  }

  static boolean allowed(HttpMethod m, String... methods) {
    return List.of(methods).contains(m.name());
  }

  /** Go's {@code http.Error(w, "Method Not Allowed", 405)} with the Allow header. */
  static HttpResponse methodNotAllowed(String allow) {
    ResponseHeadersBuilder h = ResponseHeaders.builder(HttpStatus.METHOD_NOT_ALLOWED)
        .contentType(MediaType.PLAIN_TEXT_UTF_8).add("X-Content-Type-Options", "nosniff");
    if (allow != null) {
      h.add("Allow", allow);
    }
    return HttpResponse.of(h.build(),
        com.linecorp.armeria.common.HttpData.ofUtf8("Method Not Allowed\n"));
  }
}

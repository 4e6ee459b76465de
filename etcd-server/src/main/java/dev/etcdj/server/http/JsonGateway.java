package dev.etcdj.server.http;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.etcdj.server.api.Responses;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The JSON gateway: {@code POST /v3/<service>/<method>} with a JSON body, answered by the same
 * service implementation that serves gRPC. {@code /v3beta/} is accepted as an alias, as etcd 3.4
 * does. Errors come back as grpc-gateway's {@code {"error","message","code"}} body with its HTTP
 * status mapping.
 */
public final class JsonGateway implements HttpService {
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer().preservingProtoFieldNames()
      .omittingInsignificantWhitespace();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private record Route(Message prototype, BiConsumer<Message, StreamObserver<Message>> call) {}

  private record StreamRoute(Message prototype, Function<StreamObserver<Message>, StreamObserver<Message>> call,
      boolean halfClose) {}

  private final Map<String, Route> routes = new HashMap<>();
  private final Map<String, StreamRoute> streams = new HashMap<>();
  private StreamPermits permits = new StreamPermits(StreamPermits.UNLIMITED);
  private volatile Gate gate = (path, authorization, request, call) -> call.run();

  /** Admits a call (e.g. auth: the caller named by the Authorization header); refuses by throwing. */
  public interface Gate {
    void run(String path, String authorization, Message request, Runnable call);
  }

  public void setGate(Gate gate) {
    this.gate = gate;
  }

  /** At most {@code max} calls run at once; later ones wait (etcd's --max-concurrent-streams). */
  public JsonGateway limitStreams(long max) {
    permits = new StreamPermits(max);
    return this;
  }

  /** Adds {@code /v3/<path>}, calling {@code call} with a request parsed like {@code prototype}. */
  @SuppressWarnings("unchecked")
  public <Q extends Message, R extends Message> JsonGateway route(String path, Q prototype,
      BiConsumer<Q, StreamObserver<R>> call) {
    routes.put(path, new Route(prototype, (q, obs) -> call.accept((Q) q, (StreamObserver<R>) (StreamObserver<?>) obs)));
    return this;
  }

  /**
   * Adds the streaming {@code /v3/<path>}; {@code halfClose} tells the call when the request
   * body has been read (LeaseKeepAlive ends then; Watch goes on until the client leaves).
   */
  @SuppressWarnings("unchecked")
  public <Q extends Message, R extends Message> JsonGateway stream(String path, Q prototype,
      Function<StreamObserver<R>, StreamObserver<Q>> call, boolean halfClose) {
    streams.put(path, new StreamRoute(prototype, out -> (StreamObserver<Message>) (StreamObserver<?>)
        call.apply((StreamObserver<R>) (StreamObserver<?>) out), halfClose));
    return this;
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    String path = ctx.mappedPath();
    String key = path.startsWith("/") ? path.substring(1) : path;
    Route route = routes.get(key);
    StreamRoute stream = streams.get(key);
    if (route == null && stream == null) {
      return HttpResponse.of(HttpStatus.NOT_FOUND, MediaType.PLAIN_TEXT_UTF_8, "Not Found");
    }
    if (req.method() != HttpMethod.POST) {
      return HttpResponse.of(HttpStatus.METHOD_NOT_ALLOWED, MediaType.PLAIN_TEXT_UTF_8, "Method Not Allowed");
    }
    CompletableFuture<HttpResponse> granted = new CompletableFuture<>();
    StreamPermits.Ticket ticket = permits.acquire(() -> granted.complete(null));
    HttpResponse res = HttpResponse.of(granted.thenCompose(v -> req.aggregate()).thenCompose(agg -> route != null
        ? invoke(key, route, agg) : CompletableFuture.completedFuture(open(key, stream, agg))));
    res.whenComplete().handle((v, t) -> {
      ticket.release();
      return null;
    });
    return res;
  }

  /** Starts a streaming call; the gate admits it once, with the caller it names kept for the stream's requests. */
  private HttpResponse open(String path, StreamRoute route, AggregatedHttpRequest agg) {
    List<Message> requests;
    try {
      requests = GatewayStream.requests(agg.contentUtf8(), route.prototype(), PARSER);
    } catch (InvalidProtocolBufferException e) {
      return error(Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
    }
    AtomicReference<HttpResponse> response = new AtomicReference<>();
    try {
      gate.run(path, agg.headers().get("authorization"), route.prototype(),
          () -> response.set(GatewayStream.start(requests, route.call(), route.halfClose(), PRINTER)));
    } catch (StatusRuntimeException e) {
      return error(e.getStatus());
    }
    return response.get();
  }

  private CompletableFuture<HttpResponse> invoke(String path, Route route, AggregatedHttpRequest agg) {
    Message.Builder builder = route.prototype().newBuilderForType();
    try {
      String body = agg.contentUtf8();
      if (!body.isBlank()) {
        PARSER.merge(body, builder);
      }
    } catch (InvalidProtocolBufferException e) {
      return CompletableFuture.completedFuture(error(Status.INVALID_ARGUMENT.withDescription(e.getMessage())));
    }
    CompletableFuture<HttpResponse> result = new CompletableFuture<>();
    Message request = builder.build();
    StreamObserver<Message> observer = new StreamObserver<>() {
      private Message response;

      @Override
      public void onNext(Message value) {
        response = value;
      }

      @Override
      public void onError(Throwable t) {
        result.complete(error(t instanceof StatusRuntimeException s ? s.getStatus() : Responses.toStatus(t).getStatus()));
      }

      @Override
      public void onCompleted() {
        try {
          result.complete(HttpResponse.of(HttpStatus.OK, MediaType.JSON, PRINTER.print(response)));
        } catch (InvalidProtocolBufferException e) {
          result.complete(error(Status.INTERNAL.withDescription(e.getMessage())));
        }
      }
    };
    try {
      gate.run(path, agg.headers().get("authorization"), request, () -> route.call().accept(request, observer));
    } catch (StatusRuntimeException e) {
      return CompletableFuture.completedFuture(error(e.getStatus()));
    }
    return result;
  }

  private static HttpResponse error(Status status) {
    String message = status.getDescription() == null ? "" : status.getDescription();
    String quoted = quote(message);
    String body = "{\"error\":" + quoted + ",\"message\":" + quoted + ",\"code\":" + status.getCode().value() + "}";
    return HttpResponse.of(HttpStatus.valueOf(GatewayStatus.httpStatus(status.getCode())), MediaType.JSON, body);
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}

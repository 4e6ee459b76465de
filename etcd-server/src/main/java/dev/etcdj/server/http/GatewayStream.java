package dev.etcdj.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One streaming call over the JSON gateway, as grpc-gateway serves etcd's Watch and
 * LeaseKeepAlive: the request body is a sequence of JSON objects, each one request; every
 * response is written as {@code {"result":{...}}} and a newline on a chunked 200 response; an
 * error ends it with {@code {"error":{"grpc_code",...}}}. The call is canceled when the HTTP
 * client goes away.
 */
final class GatewayStream {
  private static final ObjectMapper JSON = new ObjectMapper();

  private GatewayStream() {}

  /** Parses the body's JSON objects into requests like {@code prototype}; throws on bad JSON. */
  static List<Message> requests(String body, Message prototype, JsonFormat.Parser parser)
      throws InvalidProtocolBufferException {
    List<Message> out = new ArrayList<>();
    try (MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(body)) {
      while (it.hasNextValue()) {
        Message.Builder b = prototype.newBuilderForType();
        parser.merge(it.nextValue().toString(), b);
        out.add(b.build());
      }
    } catch (InvalidProtocolBufferException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new InvalidProtocolBufferException(e.getMessage());
    }
    return out;
  }

  /**
   * Starts the call: feeds {@code requests} to it and, if {@code halfClose}, tells it the client
   * sent all it will (etcd's Watch keeps streaming after that; grpc-gateway never half-closes it
   * before the HTTP client goes away).
   */
  static HttpResponse start(List<Message> requests, Function<StreamObserver<Message>, StreamObserver<Message>> call,
      boolean halfClose, JsonFormat.Printer printer) {
    HttpResponseWriter res = HttpResponse.streaming();
    res.write(ResponseHeaders.of(HttpStatus.OK, "content-type", MediaType.JSON.toString()));
    Outbound out = new Outbound(res, printer);
    StreamObserver<Message> in = call.apply(out);
    res.whenComplete().handle((v, t) -> {
      out.cancelled();
      return null;
    });
    for (Message m : requests) {
      in.onNext(m);
    }
    if (halfClose) {
      in.onCompleted();
    }
    return res;
  }

  /** The response side the service writes to, turned into newline-delimited JSON chunks. */
  private static final class Outbound extends ServerCallStreamObserver<Message> {
    private final HttpResponseWriter res;
    private final JsonFormat.Printer printer;
    private volatile Runnable onCancel = () -> { };
    private volatile boolean cancelled;
    private volatile boolean closed;

    Outbound(HttpResponseWriter res, JsonFormat.Printer printer) {
      this.res = res;
      this.printer = printer;
    }

    void cancelled() {
      if (!closed) {
        closed = true;
        cancelled = true;
        onCancel.run();
      }
    }

    @Override
    public synchronized void onNext(Message value) {
      if (closed) {
        return;
      }
      try {
        res.tryWrite(HttpData.ofUtf8("{\"result\":" + printer.print(value) + "}\n"));
      } catch (InvalidProtocolBufferException e) {
        onError(Status.INTERNAL.withDescription(e.getMessage()).asRuntimeException());
      }
    }

    @Override
    public synchronized void onError(Throwable t) {
      if (closed) {
        return;
      }
      closed = true;
      Status s = Status.fromThrowable(t);
      int http = GatewayStatus.httpStatus(s.getCode());
      String message = s.getDescription() == null ? "" : s.getDescription();
      res.tryWrite(HttpData.ofUtf8("{\"error\":{\"grpc_code\":" + s.getCode().value() + ",\"http_code\":" + http
          + ",\"message\":" + JsonGateway.quote(message) + ",\"http_status\":"
          + JsonGateway.quote(HttpStatus.valueOf(http).reasonPhrase()) + "}}\n"));
      res.close();
    }

    @Override
    public synchronized void onCompleted() {
      if (!closed) {
        closed = true;
        res.close();
      }
    }

    @Override
    public boolean isReady() {
      return !closed;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public void setOnCancelHandler(Runnable handler) {
      onCancel = handler;
    }

    @Override
    public void setOnReadyHandler(Runnable handler) {
      // always ready: the HTTP response buffers what the service writes
    }

    @Override
    public void setCompression(String compression) {
    }

    @Override
    public void disableAutoInboundFlowControl() {
    }

    @Override
    public void request(int count) {
    }

    @Override
    public void setMessageCompression(boolean enable) {
    }
  }
}

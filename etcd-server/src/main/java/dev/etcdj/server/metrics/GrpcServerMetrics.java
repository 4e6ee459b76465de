package dev.etcdj.server.metrics;

import dev.etcdj.api.GoCodes;
import io.grpc.BindableService;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * go-grpc-prometheus' server counters, which etcd exports: calls started and handled (by
 * status code, Go's code names), stream messages received and sent, per service, method and
 * call type. A call the client cancels is handled with code {@code Canceled}.
 */
public final class GrpcServerMetrics implements ServerInterceptor {
  private final Metrics.CounterVec started;
  private final Metrics.CounterVec handled;
  private final Metrics.CounterVec received;
  private final Metrics.CounterVec sent;

  public GrpcServerMetrics(Metrics registry) {
    started = registry.counterVec("grpc_server_started_total", "Total number of RPCs started on the server.",
        "grpc_method", "grpc_service", "grpc_type");
    handled = registry.counterVec("grpc_server_handled_total",
        "Total number of RPCs completed on the server, regardless of success or failure.",
        "grpc_code", "grpc_method", "grpc_service", "grpc_type");
    received = registry.counterVec("grpc_server_msg_received_total",
        "Total number of RPC stream messages received on the server.", "grpc_method", "grpc_service", "grpc_type");
    sent = registry.counterVec("grpc_server_msg_sent_total",
        "Total number of gRPC stream messages sent by the server.", "grpc_method", "grpc_service", "grpc_type");
  }

  /** The services with these counters around every call. */
  public List<BindableService> instrument(List<BindableService> services) {
    return services.stream().<BindableService>map(s -> () -> ServerInterceptors.intercept(s, this)).toList();
  }

  static String typeName(MethodDescriptor.MethodType type) {
    return switch (type) {
      case UNARY -> "unary";
      case CLIENT_STREAMING -> "client_stream";
      case SERVER_STREAMING -> "server_stream";
      default -> "bidi_stream";
    };
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    MethodDescriptor<Q, R> method = call.getMethodDescriptor();
    String service = method.getServiceName();
    String name = method.getBareMethodName();
    String type = typeName(method.getType());
    AtomicBoolean done = new AtomicBoolean();
    started.inc(name, service, type);
    LongAdder sentCount = sent.series(name, service, type);
    LongAdder receivedCount = received.series(name, service, type);
    ServerCall<Q, R> counted = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
      @Override
      public void sendMessage(R message) {
        sentCount.increment();
        super.sendMessage(message);
      }

      @Override
      public void close(Status status, Metadata trailers) {
        if (done.compareAndSet(false, true)) {
          handled.inc(GoCodes.name(status.getCode()), name, service, type);
        }
        super.close(status, trailers);
      }
    };
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(counted, headers)) {
      @Override
      public void onMessage(Q message) {
        receivedCount.increment();
        super.onMessage(message);
      }

      @Override
      public void onCancel() {
        if (done.compareAndSet(false, true)) {
          handled.inc(GoCodes.name(Status.Code.CANCELLED), name, service, type);
        }
        super.onCancel();
      }
    };
  }
}

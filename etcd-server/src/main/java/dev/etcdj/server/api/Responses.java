package dev.etcdj.server.api;

import dev.etcdj.server.EtcdError;
import dev.etcdj.server.EtcdException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Completes a unary gRPC call from a future, turning etcd errors into their gRPC status. */
public final class Responses {
  private static final Logger LOG = LoggerFactory.getLogger("etcdserver/api/v3rpc");

  private Responses() {}

  public static <T> void reply(Supplier<CompletableFuture<T>> call, Function<T, T> finish,
      StreamObserver<T> observer) {
    CompletableFuture<T> future;
    try {
      future = call.get();
    } catch (RuntimeException e) {
      observer.onError(toStatus(e));
      return;
    }
    future.whenComplete((resp, err) -> {
      if (err != null) {
        observer.onError(toStatus(err));
      } else {
        observer.onNext(finish.apply(resp));
        observer.onCompleted();
      }
    });
  }

  public static StatusRuntimeException toStatus(Throwable t) {
    Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    if (cause instanceof EtcdException e) {
      return e.error().status().asRuntimeException();
    }
    if (cause instanceof StatusRuntimeException s) {
      return s;
    }
    LOG.warn("request failed unexpectedly", cause);
    return Status.UNKNOWN.withDescription(String.valueOf(cause.getMessage())).asRuntimeException();
  }

  public static EtcdError errorOf(Throwable t) {
    Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    return cause instanceof EtcdException e ? e.error() : null;
  }
}

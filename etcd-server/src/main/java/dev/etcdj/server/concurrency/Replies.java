package dev.etcdj.server.concurrency;

import dev.etcdj.server.api.Responses;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;

/** Completing calls whose client may have gone away meanwhile. */
final class Replies {
  private Replies() {}

  /** Answers a unary call from {@code future}; a call cancelled meanwhile is left alone. */
  static <T> void reply(CompletableFuture<T> future, StreamObserver<T> observer) {
    future.whenComplete((resp, err) -> {
      try {
        if (err != null) {
          observer.onError(Responses.toStatus(err));
        } else {
          observer.onNext(resp);
          observer.onCompleted();
        }
      } catch (RuntimeException ignored) {
        // the call was cancelled or already closed
      }
    });
  }

  /**
   * Runs {@code onCancel} if the client cancels the call (gRPC only: the JSON gateway has no
   * cancellation). Must be called from the method handler, before it returns.
   */
  static void onCancel(StreamObserver<?> observer, Runnable onCancel) {
    if (observer instanceof ServerCallStreamObserver<?> s) {
      s.setOnCancelHandler(onCancel);
    }
  }
}

package dev.etcdj.server.peer;

import com.linecorp.armeria.client.ClientRequestContext;
import com.linecorp.armeria.client.ClientRequestContextCaptor;
import com.linecorp.armeria.client.Clients;
import com.linecorp.armeria.common.logging.RequestLogProperty;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * One outgoing client-streaming call, driven by a single thread (the owner): the owner writes
 * requests only when gRPC flow control says the call is ready, so nothing piles up unbounded
 * inside gRPC, and waits in slices of 100 ms so it can notice its own stop conditions.
 *
 * <p>Thread-safety: {@link #send}, {@link #halfClose}, {@link #cancel} and the waits must be
 * called by the owner only; {@link #connected()}, {@link #ended()} and {@link #result()} may be
 * read by any thread. gRPC calls the observer methods on Armeria event loops.
 */
final class OutboundCall<ReqT, RespT> implements ClientResponseObserver<ReqT, RespT> {
  private static final long WAIT_SLICE_MS = 100;

  private final CompletableFuture<RespT> result = new CompletableFuture<>();
  private final Object readyLock = new Object();
  private final Runnable onConnected;
  private volatile ClientCallStreamObserver<ReqT> requests;
  private volatile boolean connected;

  private OutboundCall(Runnable onConnected) {
    this.onConnected = onConnected;
  }

  /**
   * Starts a call. {@code rpc} is the async stub method, e.g. {@code o -> stub.stream(o)};
   * {@code onConnected} runs once (on an event loop) when a connection to the peer carries it.
   */
  static <ReqT, RespT> OutboundCall<ReqT, RespT> start(
      Function<StreamObserver<RespT>, StreamObserver<ReqT>> rpc, Runnable onConnected) {
    OutboundCall<ReqT, RespT> call = new OutboundCall<>(onConnected);
    ClientRequestContext ctx;
    try (ClientRequestContextCaptor captor = Clients.newContextCaptor()) {
      rpc.apply(call);
      ctx = captor.getOrNull();
    }
    if (ctx != null) {
      ctx.log().whenAvailable(RequestLogProperty.SESSION).thenAccept(log -> {
        if (log.channel() != null && !call.result.isDone()) {
          call.connected = true;
          call.onConnected.run();
        }
      });
    }
    return call;
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<ReqT> requestStream) {
    this.requests = requestStream;
    requestStream.setOnReadyHandler(this::wakeUp);
  }

  @Override
  public void onNext(RespT value) {
    result.complete(value);
  }

  @Override
  public void onError(Throwable t) {
    result.completeExceptionally(t);
    wakeUp();
  }

  @Override
  public void onCompleted() {
    result.complete(null);
    wakeUp();
  }

  private void wakeUp() {
    synchronized (readyLock) {
      readyLock.notifyAll();
    }
  }

  /** True once a connection to the peer carries this call and until it ends. */
  boolean connected() {
    return connected && !result.isDone();
  }

  boolean ended() {
    return result.isDone();
  }

  /** True if the stream can take a message now without buffering beyond flow control. */
  boolean isReady() {
    return !result.isDone() && requests.isReady();
  }

  CompletableFuture<RespT> result() {
    return result;
  }

  /**
   * Waits until the call can take another request without buffering. Returns false if the call
   * ended or {@code stop} became true first.
   */
  boolean awaitReady(BooleanSupplier stop) throws InterruptedException {
    synchronized (readyLock) {
      while (!requests.isReady()) {
        if (result.isDone() || stop.getAsBoolean()) {
          return false;
        }
        readyLock.wait(WAIT_SLICE_MS);
      }
    }
    return !result.isDone();
  }

  /** Waits for the response; null if the call ended without one or {@code stop} became true. */
  RespT awaitResult(BooleanSupplier stop) throws InterruptedException, ExecutionException {
    while (true) {
      try {
        return result.get(WAIT_SLICE_MS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        if (stop.getAsBoolean()) {
          return null;
        }
      }
    }
  }

  void send(ReqT request) {
    requests.onNext(request);
  }

  void halfClose() {
    if (!result.isDone()) {
      requests.onCompleted();
    }
  }

  void cancel(String why) {
    if (!result.isDone()) {
      requests.cancel(why, null);
    }
  }
}

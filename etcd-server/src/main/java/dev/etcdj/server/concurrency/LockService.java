package dev.etcdj.server.concurrency;

import dev.etcdj.api.DeleteRangeRequest;
import dev.etcdj.api.LockGrpc;
import dev.etcdj.api.LockRequest;
import dev.etcdj.api.LockResponse;
import dev.etcdj.api.UnlockRequest;
import dev.etcdj.api.UnlockResponse;
import dev.etcdj.server.api.Headers;
import io.grpc.stub.StreamObserver;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Lock service (etcd's v3lock): Lock waits, as etcd's Mutex, until the caller's key
 * {@code <name>/<lease-hex>} has the lowest create revision under {@code <name>/} and answers
 * with that key; Unlock deletes a key. A lock is held as long as its key exists, i.e. until
 * Unlock or until its lease expires or is revoked.
 */
public final class LockService extends LockGrpc.LockImplBase implements AutoCloseable {
  private final Recipes recipes;
  private final Headers headers;
  private final Set<Acquisition> waiting = ConcurrentHashMap.newKeySet();

  public LockService(Concurrency concurrency, Headers headers) {
    this.recipes = concurrency.recipes();
    this.headers = headers;
  }

  @Override
  public void lock(LockRequest request, StreamObserver<LockResponse> observer) {
    Acquisition a = Acquisition.start(recipes, Recipes.prefix(request.getName()), request.getLease(),
        com.google.protobuf.ByteString.EMPTY, false);
    waiting.add(a);
    a.result().whenComplete((g, e) -> waiting.remove(a));
    Replies.onCancel(observer, a::cancel);
    Replies.reply(a.result().thenApply(g -> LockResponse.newBuilder()
        .setHeader(headers.fill(g.header())).setKey(g.key()).build()), observer);
  }

  @Override
  public void unlock(UnlockRequest request, StreamObserver<UnlockResponse> observer) {
    Replies.reply(Recipes.call(() -> recipes.kv.deleteRange(DeleteRangeRequest.newBuilder().setKey(request.getKey()).build()))
        .thenApply(r -> UnlockResponse.newBuilder().setHeader(headers.fill(r.getHeader())).build()), observer);
  }

  /** Stops the waiting Lock calls (their keys stay; their leases decide). */
  @Override
  public void close() {
    waiting.forEach(Acquisition::abort);
  }
}

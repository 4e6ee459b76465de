package dev.etcdj.server.apply;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Futures of this member's in-flight proposals, keyed by request ID. IDs follow etcd's scheme:
 * the low 16 bits of the member ID, then 40 bits of start time in milliseconds, then a counter,
 * so they do not repeat across restarts.
 */
public final class WaitRegistry {
  private final ConcurrentHashMap<Long, CompletableFuture<ApplyResult>> waiting = new ConcurrentHashMap<>();
  private final AtomicLong next;
  private final java.util.concurrent.Executor responders;

  /**
   * @param responders where waiting requests continue (building and sending their responses),
   *     so that work never runs on the apply thread
   */
  public WaitRegistry(long memberId, java.util.concurrent.Executor responders) {
    this.responders = responders;
    long prefix = (memberId & 0xffffL) << 48;
    long time = (System.currentTimeMillis() & 0xff_ffff_ffffL) << 8;
    this.next = new AtomicLong(prefix | time);
  }

  /** Reserves a fresh request ID and the future its result will complete. */
  public Pending register() {
    long id = next.incrementAndGet();
    CompletableFuture<ApplyResult> future = new CompletableFuture<>();
    waiting.put(id, future);
    return new Pending(id, future);
  }

  public void trigger(long id, ApplyResult result) {
    CompletableFuture<ApplyResult> f = waiting.remove(id);
    if (f != null) {
      responders.execute(() -> f.complete(result));
    }
  }

  public void cancel(long id, Throwable cause) {
    CompletableFuture<ApplyResult> f = waiting.remove(id);
    if (f != null) {
      f.completeExceptionally(cause);
    }
  }

  public record Pending(long id, CompletableFuture<ApplyResult> result) {}
}

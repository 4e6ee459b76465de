package dev.etcdj.server.apply;

import com.linecorp.armeria.common.RequestContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Futures of this member's in-flight proposals, keyed by request ID. IDs follow etcd's scheme:
 * the low 16 bits of the member ID, then 40 bits of start time in milliseconds, then a counter,
 * so they do not repeat across restarts.
 */
public final class WaitRegistry {
  private record Waiting(CompletableFuture<ApplyResult> future, Executor responder) {}

  private final ConcurrentHashMap<Long, Waiting> waiting = new ConcurrentHashMap<>();
  private final AtomicLong next;
  private final Executor responders;

  /**
   * @param responders where waiting requests continue (building and sending their responses),
   *     so that work never runs on the apply thread; a request registered while serving a client
   *     call continues on that call's own event loop instead, which writes the response without
   *     another hand-off
   */
  public WaitRegistry(long memberId, Executor responders) {
    this.responders = responders;
    long prefix = (memberId & 0xffffL) << 48;
    long time = (System.currentTimeMillis() & 0xff_ffff_ffffL) << 8;
    this.next = new AtomicLong(prefix | time);
  }

  /** Reserves a fresh request ID and the future its result will complete. */
  public Pending register() {
    long id = next.incrementAndGet();
    CompletableFuture<ApplyResult> future = new CompletableFuture<>();
    RequestContext ctx = RequestContext.currentOrNull();
    waiting.put(id, new Waiting(future, ctx != null ? ctx.eventLoop() : responders));
    return new Pending(id, future);
  }

  public void trigger(long id, ApplyResult result) {
    Waiting w = waiting.remove(id);
    if (w != null) {
      w.responder().execute(() -> w.future().complete(result));
    }
  }

  public void cancel(long id, Throwable cause) {
    Waiting w = waiting.remove(id);
    if (w != null) {
      w.future().completeExceptionally(cause);
    }
  }

  public record Pending(long id, CompletableFuture<ApplyResult> result) {}
}

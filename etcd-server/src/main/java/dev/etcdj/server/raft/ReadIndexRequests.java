package dev.etcdj.server.raft;

import dev.etcdj.raft.ReadState;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Linearizable reads waiting for a read index. All reads that arrive while one ReadIndex round
 * is in flight share the next round, so a burst of reads costs one quorum heartbeat. A round
 * that gets no answer (no leader, lost messages) is retried with a fresh context.
 */
final class ReadIndexRequests {
  private static final long RETRY_NANOS = 500_000_000L;

  private final ConcurrentLinkedQueue<CompletableFuture<Long>> waiting = new ConcurrentLinkedQueue<>();
  private final Map<Long, List<CompletableFuture<Long>>> inFlight = new HashMap<>();
  private long nextContext = 1;
  private long inFlightSince;

  /** Any thread. */
  CompletableFuture<Long> add() {
    CompletableFuture<Long> f = new CompletableFuture<>();
    waiting.add(f);
    return f;
  }

  /** Raft thread: the context of a new round to start, or null if none is needed now. */
  byte[] nextRound(long nowNanos) {
    if (!inFlight.isEmpty() && nowNanos - inFlightSince > RETRY_NANOS) {
      inFlight.values().forEach(list -> waiting.addAll(list));
      inFlight.clear();
    }
    if (!inFlight.isEmpty() || waiting.isEmpty()) {
      return null;
    }
    List<CompletableFuture<Long>> round = new ArrayList<>();
    for (CompletableFuture<Long> f; (f = waiting.poll()) != null; ) {
      round.add(f);
    }
    long ctx = nextContext++;
    inFlight.put(ctx, round);
    inFlightSince = nowNanos;
    return ByteBuffer.allocate(8).putLong(ctx).array();
  }

  /** Raft thread: the answers of a Ready. */
  void answered(List<ReadState> states) {
    for (ReadState rs : states) {
      if (rs.requestCtx() == null || rs.requestCtx().length != 8) {
        continue;
      }
      List<CompletableFuture<Long>> round = inFlight.remove(ByteBuffer.wrap(rs.requestCtx()).getLong());
      if (round != null) {
        round.forEach(f -> f.complete(rs.index()));
      }
    }
  }

  void failAll(Throwable t) {
    inFlight.values().forEach(list -> list.forEach(f -> f.completeExceptionally(t)));
    inFlight.clear();
    for (CompletableFuture<Long> f; (f = waiting.poll()) != null; ) {
      f.completeExceptionally(t);
    }
  }
}

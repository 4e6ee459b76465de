package dev.etcdj.server.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReadExecutorTest {
  @Test
  void aBurstOfReadsRunsOnTheFewThreadsOfThePool() throws Exception {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    try (ReadExecutor reads = new ReadExecutor(2)) {
      CompletableFuture<Void> gate = new CompletableFuture<>();
      List<CompletableFuture<Integer>> results = IntStream.range(0, 64)
          .mapToObj(i -> gate.thenApplyAsync(v -> {
            threads.add(Thread.currentThread().getName());
            return i;
          }, reads))
          .toList();
      gate.complete(null); // as a ReadIndex round releases its waiting reads at once
      for (int i = 0; i < results.size(); i++) {
        assertEquals(i, results.get(i).get(10, TimeUnit.SECONDS));
      }
    }
    assertTrue(threads.size() <= 2, "ran on " + threads);
    assertTrue(threads.stream().allMatch(n -> n.startsWith("range-")), "ran on " + threads);
  }

  @Test
  void aClosedExecutorRefusesReads() {
    ReadExecutor reads = new ReadExecutor(1);
    reads.close();
    assertThrows(RejectedExecutionException.class, () -> reads.execute(() -> { }));
  }
}

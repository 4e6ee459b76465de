package dev.etcdj.server.core;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves reads off the event loops and the Raft thread, on a few threads of its own. A
 * ReadIndex round releases all the linearizable reads that waited for it at once; a pool as large
 * as Armeria's blocking one would wake a thread for each of them, where these few threads take
 * them one after another without going back to sleep in between.
 */
public final class ReadExecutor implements Executor, AutoCloseable {
  private final ExecutorService threads;

  public ReadExecutor() {
    this(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
  }

  public ReadExecutor(int threadCount) {
    AtomicInteger n = new AtomicInteger();
    this.threads = Executors.newFixedThreadPool(threadCount, r -> {
      Thread t = new Thread(r, "range-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public void execute(Runnable command) {
    threads.execute(command);
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}

package dev.etcdj.server;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;

/**
 * Lets a listener's connection write the replies of many requests with one system call, as Go's
 * HTTP/2 server does with its per-connection write loop. Armeria flushes a reply at once unless
 * it was produced while reading; our replies are produced on the apply loop and reach the event
 * loop as tasks, so each cost its own {@code writev}. Here a flush outside a read is deferred to
 * the end of the event loop's queued tasks, so the replies completed together leave together.
 */
public final class BatchedFlushes {
  /** A connection flushes at once after this many deferred flushes, as Netty's default. */
  private static final int MAX_DEFERRED_FLUSHES = FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES;

  private BatchedFlushes() {}

  public static void install(ChannelPipeline pipeline) {
    if (pipeline.get(FlushConsolidationHandler.class) != null) {
      pipeline.replace(FlushConsolidationHandler.class, null, new FlushConsolidationHandler(MAX_DEFERRED_FLUSHES, true));
    }
  }
}

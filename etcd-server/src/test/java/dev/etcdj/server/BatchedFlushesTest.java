package dev.etcdj.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import org.junit.jupiter.api.Test;

class BatchedFlushesTest {
  @Test
  void aFlushOutsideAReadWaitsForTheEventLoopsQueuedTasks() {
    EmbeddedChannel ch = new EmbeddedChannel(new FlushConsolidationHandler());
    BatchedFlushes.install(ch.pipeline());
    // through the pipeline, as the listener does: EmbeddedChannel's own write and flush also run
    // the queued tasks
    ch.pipeline().write("reply 1");
    ch.pipeline().flush();
    ch.pipeline().flush();
    assertNull(ch.readOutbound(), "nothing leaves before the event loop has run its queued tasks");
    ch.runPendingTasks();
    assertEquals("reply 1", ch.readOutbound());
    ch.finishAndReleaseAll();
  }

  @Test
  void aPipelineWithoutFlushConsolidationIsLeftAsItIs() {
    EmbeddedChannel ch = new EmbeddedChannel();
    BatchedFlushes.install(ch.pipeline());
    ch.pipeline().writeAndFlush("reply");
    assertEquals("reply", ch.readOutbound());
    ch.finishAndReleaseAll();
  }
}

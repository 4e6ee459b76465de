package dev.etcdj.server;

import com.linecorp.armeria.server.Server;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Stops an Armeria listener as etcd stops its own: returns once the ports and the accepted
 * connections are closed (after the listener's graceful period for requests in flight).
 * Armeria's stop future also waits out Netty's 2 s quiet period on each idle acceptor thread,
 * which made every member stop take 4 s; those threads finish in the background.
 */
public final class ListenerStop {
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private ListenerStop() {}

  public static void stop(Server server) {
    CompletableFuture<Void> stopped = server.stop();
    while (!stopped.isDone() && (!server.activePorts().isEmpty() || server.numConnections() > 0)) {
      LockSupport.parkNanos(POLL_NANOS);
    }
  }
}

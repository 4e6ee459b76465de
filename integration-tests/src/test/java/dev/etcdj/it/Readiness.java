package dev.etcdj.it;

import java.time.Duration;
import java.util.List;

/**
 * Waits for members that start together: a new cluster publishes only once a quorum is up, and
 * several JVMs starting at once on a small shared machine can take minutes, more than
 * {@link ServerProcess#awaitReady()} allows for one.
 */
final class Readiness {
  private static final Duration TIMEOUT = Duration.ofMinutes(4);

  private Readiness() {}

  static void awaitAll(List<ServerProcess> members) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    for (ServerProcess p : members) {
      while (!(p.output().contains("ready to serve client requests") && p.output().contains("published"))) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("member not ready (alive: " + p.isAlive() + "):\n" + p.output());
        }
        ServerProcess.sleep(100);
      }
    }
  }
}

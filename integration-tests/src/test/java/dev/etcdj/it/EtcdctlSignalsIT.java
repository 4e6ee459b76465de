package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Our etcdctl's {@code lock} and {@code elect} interrupted while their JVM is still starting, as etcd's
 * e2e tests do about 200 ms after starting them: they end like Go's etcdctl, with "Error: context
 * canceled" and exit status 1, not killed by the signal, and leave no JVM behind.
 */
class EtcdctlSignalsIT extends OneServerTest {
  @ParameterizedTest
  @CsvSource({"lock,INT", "lock,TERM", "elect,INT"})
  void signalBeforeTheJvmReachesMainEndsWithContextCanceled(String command, String signal) throws Exception {
    Path out = tmp.resolve(command + "-" + signal + ".out");
    Process p = OurTools.spawnEtcdctl(out, "--endpoints", server.endpoint(), command, "early");
    ProcessHandle jvm = firstChild(p);
    assertTrue(jvm.isAlive(), "the JVM ended before the signal");
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start();
    assertEquals(0, kill.waitFor());
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "etcdctl " + command + " did not end on SIG" + signal);
    String output = Files.readString(out);
    assertEquals(1, p.exitValue(), output);
    assertTrue(output.contains("Error: context canceled"), output);
    jvm.onExit().get(10, TimeUnit.SECONDS);
    assertFalse(jvm.isAlive(), "the JVM outlived its launcher");
  }

  /** The launcher's JVM, as soon as it runs (the launcher's other children are short-lived tools). */
  private static ProcessHandle firstChild(Process p) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      Optional<ProcessHandle> child = p.toHandle().children()
          .filter(c -> c.info().command().orElse("").endsWith("/java")).findFirst();
      if (child.isPresent()) {
        return child.get();
      }
      Thread.sleep(1);
    }
    throw new AssertionError("etcdctl never started its JVM");
  }
}

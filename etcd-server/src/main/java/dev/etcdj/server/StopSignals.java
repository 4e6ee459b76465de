package dev.etcdj.server;

import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT and SIGTERM stop the member cleanly and then end the process by the same signal, as
 * etcd does (it re-raises the signal after its interrupt handlers): a supervisor sees "killed by
 * SIGINT", not the JVM's exit status 130.
 */
final class StopSignals {
  private StopSignals() {}

  static void install(Runnable stop) {
    for (String name : new String[] {"INT", "TERM"}) {
      Signal.handle(new Signal(name), sig -> {
        LoggerFactory.getLogger("osutil").info("received {} signal, shutting down...",
            "INT".equals(sig.getName()) ? "interrupt" : "terminated");
        stop.run();
        Signal.handle(sig, SignalHandler.SIG_DFL);
        raise(sig);
      });
    }
  }

  /** The JVM refuses to raise a signal it no longer handles, so kill(1) delivers it. */
  private static void raise(Signal sig) {
    try {
      new ProcessBuilder("kill", "-" + sig.getName(), Long.toString(ProcessHandle.current().pid()))
          .inheritIO().start().waitFor();
      Thread.sleep(5000);
    } catch (Exception e) {
      Thread.currentThread().interrupt();
    }
    Runtime.getRuntime().halt(128 + sig.getNumber());
  }
}

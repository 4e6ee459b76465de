package dev.etcdj.discovery.service;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** {@code etcd discovery-service}: runs the service until SIGTERM/SIGINT. */
public final class DiscoveryServiceMain {
  private DiscoveryServiceMain() {}

  /** Runs the service; returns the process exit code (2 for bad flags, as Go's flag package). */
  public static int run(String[] args, Map<String, String> env) {
    DiscoveryServiceConfig cfg;
    try {
      cfg = DiscoveryServiceConfig.parse(args, env);
    } catch (DiscoveryServiceConfig.UsageException e) {
      if (!e.getMessage().isEmpty()) {
        System.err.println(e.getMessage());
      }
      System.err.print(DiscoveryServiceConfig.USAGE);
      return e.getMessage().isEmpty() ? 0 : 2;
    }
    DiscoveryService service;
    try {
      service = DiscoveryService.start(cfg);
    } catch (IOException e) {
      System.err.println("etcd discovery-service: listen tcp " + cfg.listenAddr() + ": " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      service.close();
      stopped.countDown();
    }, "shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}

package dev.etcdj.server;

import ch.qos.logback.classic.Level;
import dev.etcdj.discovery.service.DiscoveryServiceMain;
import dev.etcdj.server.config.ConfigLoader;
import dev.etcdj.server.config.LoadResult;
import dev.etcdj.server.config.ServerConfig;
import dev.etcdj.server.gateway.GatewayCommand;
import dev.etcdj.server.grpcproxy.GrpcProxyMain;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code etcd} command: parses flags (and ETCD_* variables or a config file), starts one
 * member and runs until SIGTERM/SIGINT, when it shuts down cleanly. Configuration errors print
 * one line and exit 1 before anything touches the data dir.
 */
public final class EtcdMain {
  private EtcdMain() {}

  public static void main(String[] args) {
    LoadResult result = ConfigLoader.load(args, System.getenv());
    if (result instanceof LoadResult.Exit exit) {
      System.out.print(exit.stdout());
      System.err.print(exit.stderr());
      System.exit(exit.code());
    } else if (result instanceof LoadResult.Subcommand sub) {
      System.exit(switch (sub.name()) {
        case "discovery-service" -> DiscoveryServiceMain.run(sub.args(), System.getenv());
        case "gateway" -> GatewayCommand.run(sub.args());
        case "grpc-proxy" -> GrpcProxyMain.run(sub.args());
        default -> throw new IllegalStateException("unknown subcommand " + sub.name());
      });
    } else if (result instanceof LoadResult.Run run) {
      System.exit(run(run));
    }
  }

  private static int run(LoadResult.Run run) {
    ServerConfig cfg = run.config();
    configureLogLevel(cfg);
    Logger log = LoggerFactory.getLogger("etcdmain");
    run.warnings().forEach(log::warn);
    log.info("etcd Version: {} (etcdj, Java {})", Versions.SERVER, Runtime.version());
    EtcdMember member = new EtcdMember();
    CountDownLatch stopped = new CountDownLatch(1);
    Thread shutdown = new Thread(() -> {
      log.info("received terminated signal, shutting down...");
      member.close();
      stopped.countDown();
    }, "shutdown");
    Runtime.getRuntime().addShutdownHook(shutdown);
    StopSignals.install(member::close);
    try {
      member.start(cfg);
    } catch (BootstrapException e) {
      System.err.println("etcd: " + e.getMessage());
      return failedStart(member, shutdown);
    } catch (Exception e) {
      log.error("failed to start etcd", e);
      return failedStart(member, shutdown);
    }
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** Releases what the failed start opened; the exit that follows is not a terminate signal. */
  private static int failedStart(EtcdMember member, Thread shutdown) {
    Runtime.getRuntime().removeShutdownHook(shutdown);
    member.close();
    return 1;
  }

  private static void configureLogLevel(ServerConfig cfg) {
    Level level = cfg.debug() ? Level.DEBUG : Level.toLevel(cfg.logLevel(), Level.INFO);
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(level);
  }
}

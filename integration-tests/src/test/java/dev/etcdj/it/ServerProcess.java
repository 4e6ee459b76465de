package dev.etcdj.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A single-member etcd server running as a real process: ours from the packaged distribution,
 * or Debian's etcd for side-by-side comparisons. Waits for etcd's readiness log lines.
 */
final class ServerProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private final Process process;
  private final StringBuffer output = new StringBuffer();
  private final int clientPort;
  private final Path dataDir;

  private ServerProcess(Process process, int clientPort, Path dataDir) {
    this.process = process;
    this.clientPort = clientPort;
    this.dataDir = dataDir;
    Thread pump = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          output.append(line).append('\n');
        }
      } catch (IOException ignored) {
        // the process ended
      }
    });
    pump.setDaemon(true);
    pump.start();
  }

  static Path ourEtcd() {
    return Path.of(System.getProperty("etcdj.home", "../distribution/target/etcdj"), "bin", "etcd").toAbsolutePath();
  }

  static Path realEtcd() {
    return Path.of("/usr/bin/etcd");
  }

  /** Starts ours on fresh ports with the given data dir, and waits until it serves. */
  static ServerProcess startOurs(Path dataDir, String... extraArgs) {
    return start(ourEtcd(), dataDir, freePort(), freePort(), extraArgs);
  }

  /** Starts Debian's real etcd on fresh ports with the given data dir, and waits until it serves. */
  static ServerProcess startReal(Path dataDir, String... extraArgs) {
    return start(realEtcd(), dataDir, freePort(), freePort(), extraArgs);
  }

  static ServerProcess start(Path binary, Path dataDir, int clientPort, int peerPort, String... extraArgs) {
    ServerProcess p = launch(binary, dataDir, clientPort, peerPort, extraArgs);
    p.awaitReady();
    return p;
  }

  /** Starts a process without waiting for readiness (for tests of failing starts). */
  static ServerProcess launch(Path binary, Path dataDir, int clientPort, int peerPort, String... extraArgs) {
    String client = "http://127.0.0.1:" + clientPort;
    String peer = "http://127.0.0.1:" + peerPort;
    List<String> cmd = new ArrayList<>(List.of(binary.toString(),
        "--data-dir", dataDir.toString(),
        "--listen-client-urls", client, "--advertise-client-urls", client,
        "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
        "--initial-cluster", "default=" + peer));
    cmd.addAll(List.of(extraArgs));
    return exec(cmd, clientPort, dataDir);
  }

  static ServerProcess exec(List<String> cmd, int clientPort, Path dataDir) {
    return exec(cmd, clientPort, dataDir, java.util.Map.of());
  }

  /** As above, with extra environment variables (e.g. ETCDJ_JAVA_OPTS). */
  static ServerProcess exec(List<String> cmd, int clientPort, Path dataDir, java.util.Map<String, String> env) {
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().putAll(env);
      Process process = pb.start();
      return new ServerProcess(process, clientPort, dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void awaitReady() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      String out = output.toString();
      if (out.contains("ready to serve client requests") && out.contains("published")) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("server exited with " + process.exitValue() + ":\n" + out);
      }
      sleep(50);
    }
    close(); // a server that never became ready must not outlive the failed test
    throw new IllegalStateException("server not ready within " + START_TIMEOUT + ":\n" + output);
  }

  /** Waits for every server; if one fails to start, all are stopped so none is left running. */
  static void awaitAllReady(java.util.Collection<ServerProcess> servers) {
    try {
      servers.forEach(ServerProcess::awaitReady);
    } catch (RuntimeException | Error e) {
      servers.forEach(ServerProcess::close);
      throw e;
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String endpoint() {
    return "127.0.0.1:" + clientPort;
  }

  String url() {
    return "http://" + endpoint();
  }

  int clientPort() {
    return clientPort;
  }

  Path dataDir() {
    return dataDir;
  }

  String output() {
    return output.toString();
  }

  /** Waits for the process to exit by itself and returns its exit code. */
  int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("process still running after " + timeout + ":\n" + output);
      }
      sleep(100); // let the output pump drain
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** kill -9: no shutdown hooks, no flushing. */
  void kill9() {
    process.destroyForcibly();
    awaitExit(Duration.ofSeconds(30));
  }

  /** SIGINT (Ctrl-C) and wait: a clean shutdown; the exit code is 130 when the signal ended it. */
  int interrupt() {
    try {
      new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start().waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return awaitExit(Duration.ofSeconds(30));
  }

  /** SIGTERM and wait: a clean shutdown. */
  int stop() {
    process.destroy();
    return awaitExit(Duration.ofSeconds(30));
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill9();
    }
  }

  /** A port free now and not handed out before: the kernel may offer the same one twice in a row. */
  static int freePort() {
    return freePort("127.0.0.1");
  }

  /** A port free on {@code ip} that this JVM has never handed out before, so two listeners never share one. */
  static int freePort(String ip) {
    while (true) {
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress(InetAddress.getByName(ip), 0));
        if (HANDED_OUT.add(s.getLocalPort())) {
          return s.getLocalPort();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  static boolean realEtcdInstalled() {
    return Files.isExecutable(realEtcd());
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

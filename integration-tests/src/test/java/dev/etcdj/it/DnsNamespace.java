package dev.etcdj.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network namespace of its own with a real DNS server: dnsmasq on 127.0.0.53 serving the
 * records given, and {@code /etc/netns/<ns>/resolv.conf} pointing at it, which
 * {@code ip netns exec} mounts over {@code /etc/resolv.conf} for every process started in it.
 * So the processes under test use the system resolver as in production, and 127.0.0.0/8
 * inside is free. Needs root, iproute2 and dnsmasq; otherwise the test is skipped.
 */
final class DnsNamespace implements AutoCloseable {
  static final Path DNSMASQ = Path.of("/usr/sbin/dnsmasq");
  static final String SERVER = "127.0.0.53";
  private static final AtomicInteger COUNTER = new AtomicInteger();

  final String name;
  private final Path etcDir;
  private final Process dnsmasq;

  private DnsNamespace(String name, Path etcDir, Process dnsmasq) {
    this.name = name;
    this.etcDir = etcDir;
    this.dnsmasq = dnsmasq;
  }

  /** Skips the calling test unless namespaces and dnsmasq can be used here. */
  static void assumeAvailable() {
    assumeTrue("root".equals(System.getProperty("user.name")),
        "DNS SRV tests need root (ip netns add, /etc/netns); running as " + System.getProperty("user.name"));
    assumeTrue(Files.isExecutable(DNSMASQ), "DNS SRV tests need dnsmasq (apt-get install dnsmasq): " + DNSMASQ
        + " not found");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/ip")) || Files.isExecutable(Path.of("/sbin/ip")),
        "DNS SRV tests need iproute2's ip");
  }

  /**
   * Creates the namespace and starts dnsmasq with {@code records}, lines of dnsmasq's
   * configuration such as {@code srv-host=...} and {@code host-record=...}.
   */
  static DnsNamespace start(Path workDir, List<String> records) throws IOException {
    assumeAvailable();
    String name = "etcdj-dns-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
    run("ip", "netns", "add", name);
    Path etcDir = Path.of("/etc/netns", name);
    try {
      run("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up");
      Files.createDirectories(etcDir);
      Files.writeString(etcDir.resolve("resolv.conf"), "nameserver " + SERVER + "\n");
      List<String> conf = new ArrayList<>(List.of("port=53", "listen-address=" + SERVER, "bind-interfaces",
          "no-resolv", "no-hosts", "local=/example.com/"));
      conf.addAll(records);
      Path confFile = workDir.resolve("dnsmasq.conf");
      Files.write(confFile, conf, StandardCharsets.UTF_8);
      Process dnsmasq = new ProcessBuilder("ip", "netns", "exec", name, DNSMASQ.toString(), "--keep-in-foreground",
          "--conf-file=" + confFile, "--pid-file=", "--user=root", "--log-facility=" + workDir.resolve("dnsmasq.log"),
          "--log-queries").redirectErrorStream(true).redirectOutput(workDir.resolve("dnsmasq.out").toFile()).start();
      DnsNamespace ns = new DnsNamespace(name, etcDir, dnsmasq);
      ns.awaitAnswering();
      return ns;
    } catch (IOException | RuntimeException e) {
      cleanUp(name, etcDir);
      throw e;
    }
  }

  /** {@code cmd} run inside the namespace. */
  List<String> exec(List<String> cmd) {
    List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", name));
    all.addAll(cmd);
    return all;
  }

  private void awaitAnswering() {
    for (int i = 0; i < 100; i++) {
      if (!dnsmasq.isAlive()) {
        throw new IllegalStateException("dnsmasq exited with " + dnsmasq.exitValue());
      }
      try {
        Process p = new ProcessBuilder(exec(List.of("getent", "hosts", "infra0.example.com"))).start();
        if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      ServerProcess.sleep(100);
    }
    throw new IllegalStateException("dnsmasq in " + name + " does not answer for infra0.example.com");
  }

  @Override
  public void close() {
    dnsmasq.destroyForcibly();
    cleanUp(name, etcDir);
  }

  private static void cleanUp(String name, Path etcDir) {
    try {
      Process pids = new ProcessBuilder("ip", "netns", "pids", name).start();
      String out = new String(pids.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      pids.waitFor(5, TimeUnit.SECONDS);
      for (String pid : out.split("\\s+")) {
        if (!pid.isBlank()) {
          ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
      run("ip", "netns", "del", name);
      Files.deleteIfExists(etcDir.resolve("resolv.conf"));
      Files.deleteIfExists(etcDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void run(String... cmd) throws IOException {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(String.join(" ", cmd) + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** dnsmasq lines for host names infraN.example.com on 127.0.0.(10+N). */
  static List<String> hosts(int count) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      lines.add("host-record=infra" + i + ".example.com,127.0.0." + (10 + i));
    }
    return lines;
  }

  /** One SRV line: {@code _<service>._tcp.example.com} at {@code infraN.example.com:port}. */
  static String srv(String service, int member, int port) {
    return "srv-host=_" + service + "._tcp.example.com,infra" + member + ".example.com," + port + ",0,0";
  }
}

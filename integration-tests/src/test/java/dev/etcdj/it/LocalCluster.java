package dev.etcdj.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Several members of ours as real processes on loopback addresses 127.0.0.10, .11, ... with the
 * guide's static bootstrap flags, each with its own data dir under {@code root}.
 */
final class LocalCluster implements AutoCloseable {
  record MemberSpec(String name, String ip, int clientPort, int peerPort) {
    String clientUrl() {
      return "http://" + ip + ":" + clientPort;
    }

    String peerUrl() {
      return "http://" + ip + ":" + peerPort;
    }

    String endpoint() {
      return ip + ":" + clientPort;
    }
  }

  private final Path root;
  private final String token;
  final Map<String, MemberSpec> specs = new TreeMap<>();
  final Map<String, ServerProcess> running = new TreeMap<>();
  /** The etcd binary members run (ours unless a test sets real etcd's). */
  Path binary = ServerProcess.ourEtcd();
  /** Environment variables every member is launched with. */
  final Map<String, String> env = new TreeMap<>();

  LocalCluster(Path root, String token, int size) {
    this.root = root;
    this.token = token;
    for (int i = 0; i < size; i++) {
      specs.put("infra" + i, spec("infra" + i, "127.0.0." + (10 + i)));
    }
  }

  static MemberSpec spec(String name, String ip) {
    return new MemberSpec(name, ip, ServerProcess.freePort(ip), ServerProcess.freePort(ip));
  }

  String initialCluster() {
    return specs.values().stream().map(s -> s.name() + "=" + s.peerUrl()).collect(Collectors.joining(","));
  }

  /** Starts every member without waiting, then waits for all: a new cluster needs a quorum to publish. */
  LocalCluster startAll(String... extra) {
    for (MemberSpec s : specs.values()) {
      running.put(s.name(), launch(s, "new", initialCluster(), extra));
    }
    ServerProcess.awaitAllReady(running.values());
    return this;
  }

  ServerProcess launch(MemberSpec s, String state, String initialCluster, String... extra) {
    List<String> cmd = new ArrayList<>(List.of(binary.toString(),
        "--name", s.name(),
        "--data-dir", root.resolve(s.name()).toString(),
        "--initial-advertise-peer-urls", s.peerUrl(),
        "--listen-peer-urls", s.peerUrl(),
        "--listen-client-urls", s.clientUrl(),
        "--advertise-client-urls", s.clientUrl(),
        "--initial-cluster-token", token,
        "--initial-cluster", initialCluster,
        "--initial-cluster-state", state,
        "--heartbeat-interval", "50",
        "--election-timeout", "500"));
    cmd.addAll(List.of(extra));
    return ServerProcess.exec(cmd, s.clientPort(), root.resolve(s.name()), env);
  }

  /** Restarts a stopped member from its data dir (the initial-cluster flags are ignored then). */
  ServerProcess restart(String name) {
    ServerProcess p = launch(specs.get(name), "new", initialCluster());
    p.awaitReady();
    running.put(name, p);
    return p;
  }

  String endpoints() {
    return specs.values().stream().filter(s -> running.containsKey(s.name()) && running.get(s.name()).isAlive())
        .map(MemberSpec::endpoint).collect(Collectors.joining(","));
  }

  @Override
  public void close() {
    running.values().forEach(ServerProcess::close);
  }
}

package dev.etcdj.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A three-member real etcd cluster on loopback. */
public final class RealCluster implements AutoCloseable {
    public final int[] clientPorts = new int[3];
    private final int[] peerPorts = new int[3];
    private final List<Process> procs = new ArrayList<>();
    private final Path dir;

    public RealCluster() throws IOException {
        for (int i = 0; i < 3; i++) {
            clientPorts[i] = RealEtcd.freePort();
            peerPorts[i] = RealEtcd.freePort();
        }
        dir = Files.createTempDirectory("etcdcli-test-cluster");
    }

    public String endpoints() {
        StringBuilder sb = new StringBuilder();
        for (int p : clientPorts) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append("127.0.0.1:").append(p);
        }
        return sb.toString();
    }

    public RealCluster start() throws IOException, InterruptedException {
        RealEtcd.assumeInstalled();
        StringBuilder initial = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            if (i > 0) {
                initial.append(',');
            }
            initial.append("m").append(i).append("=http://127.0.0.1:").append(peerPorts[i]);
        }
        for (int i = 0; i < 3; i++) {
            String c = "http://127.0.0.1:" + clientPorts[i];
            String p = "http://127.0.0.1:" + peerPorts[i];
            procs.add(new ProcessBuilder(RealEtcd.ETCD, "--name", "m" + i, "--data-dir", dir.resolve("m" + i).toString(),
                    "--listen-client-urls", c, "--advertise-client-urls", c, "--listen-peer-urls", p,
                    "--initial-advertise-peer-urls", p, "--initial-cluster", initial.toString(),
                    "--initial-cluster-token", "etcdcli-test", "--initial-cluster-state", "new")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("m" + i + ".log").toFile()).start());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Process q = new ProcessBuilder(RealEtcd.ETCDCTL, "--endpoints=" + endpoints(), "endpoint", "health")
                    .redirectErrorStream(true).start();
            q.getInputStream().readAllBytes();
            if (q.waitFor() == 0) {
                return this;
            }
            Thread.sleep(200);
        }
        throw new IOException("cluster did not become healthy");
    }

    @Override
    public void close() throws Exception {
        for (Process p : procs) {
            p.destroy();
        }
        for (Process p : procs) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** Checks that a port is reachable. */
    static boolean open(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

package dev.etcdj.cli;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A real (Debian) etcd on loopback with a temporary data directory, for differential tests. */
public final class RealEtcd implements AutoCloseable {
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    public static final String ETCD = "/usr/bin/etcd";
    public static final String ETCDCTL = "/usr/bin/etcdctl";

    public final int clientPort;
    public final int peerPort;
    private final Path dir;
    private Process proc;
    /** "https" with {@link #tls}: client URLs use TLS. */
    private String scheme = "http";
    private List<String> clientTlsArgs = List.of();

    /** Serve clients over TLS with the given server files; the client args are used for the readiness probe. */
    public RealEtcd tls(List<String> serverArgs, List<String> clientArgs) {
        scheme = "https";
        tlsServerArgs = serverArgs;
        clientTlsArgs = clientArgs;
        return this;
    }

    private List<String> tlsServerArgs = List.of();

    /** Skips the calling test when the real etcd binaries are not installed. */
    public static void assumeInstalled() {
        assumeTrue(new File(ETCD).canExecute() && new File(ETCDCTL).canExecute(),
                "real etcd not installed (" + ETCD + ", " + ETCDCTL + "): skipping differential test");
    }

    /** A free loopback port this JVM has not handed out before (the kernel may offer a closed one again). */
    public static int freePort() throws IOException {
        while (true) {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                if (HANDED_OUT.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            }
        }
    }

    public RealEtcd() throws IOException {
        this(freePort(), freePort());
    }

    public RealEtcd(int clientPort, int peerPort) throws IOException {
        this.clientPort = clientPort;
        this.peerPort = peerPort;
        this.dir = Files.createTempDirectory("etcdcli-test-etcd");
    }

    /** The directory etcd runs in. */
    public Path dir() {
        return dir;
    }

    public String endpoint() {
        return "127.0.0.1:" + clientPort;
    }

    public RealEtcd start(String... extra) throws IOException, InterruptedException {
        assumeInstalled();
        Path data = dir.resolve("data-" + System.nanoTime());
        String c = scheme + "://127.0.0.1:" + clientPort;
        String p = "http://127.0.0.1:" + peerPort;
        List<String> cmd = new ArrayList<>(List.of(ETCD, "--name", "default", "--data-dir", data.toString(),
                "--listen-client-urls", c, "--advertise-client-urls", c, "--listen-peer-urls", p,
                "--initial-advertise-peer-urls", p, "--initial-cluster", "default=" + p));
        cmd.addAll(List.of(extra));
        cmd.addAll(tlsServerArgs);
        // in its own directory: etcd takes unix socket URLs ("unixs://localhost:2379") as paths relative to it
        proc = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("etcd.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!proc.isAlive()) {
                throw new IOException("etcd exited: " + Files.readString(dir.resolve("etcd.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", clientPort), 200);
                // wait until a linearizable read succeeds (leader elected)
                List<String> probe = new ArrayList<>(List.of(ETCDCTL, "--endpoints=" + scheme + "://" + endpoint()));
                probe.addAll(clientTlsArgs);
                probe.addAll(List.of("get", "x"));
                Process q = new ProcessBuilder(probe).redirectErrorStream(true).start();
                q.getInputStream().readAllBytes();
                if (q.waitFor() == 0) {
                    return this;
                }
            } catch (IOException e) {
                // not yet listening
            }
            Thread.sleep(100);
        }
        throw new IOException("etcd did not start");
    }

    public void stop() throws InterruptedException {
        if (proc != null) {
            proc.destroy();
            if (!proc.waitFor(10, TimeUnit.SECONDS)) {
                proc.destroyForcibly().waitFor();
            }
            proc = null;
        }
    }

    @Override
    public void close() throws Exception {
        stop();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}

package dev.etcdj.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the installed etcd 3.4 binary (if present) on inputs it rejects immediately and checks that our single
 * error line is what etcd prints (flag-package errors) or what it logs after "E | " (validation errors).
 */
class RealEtcdComparisonTest {
    static final Path ETCD = Path.of("/usr/bin/etcd");

    @TempDir
    Path tmp;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(Map.of(), List.of("--foo")),
                Arguments.of(Map.of(), List.of("--name")),
                Arguments.of(Map.of(), List.of("---name", "x")),
                Arguments.of(Map.of(), List.of("--pre-vote=maybe")),
                Arguments.of(Map.of(), List.of("--heartbeat-interval", "abc")),
                Arguments.of(Map.of(), List.of("--max-txn-ops", "99999999999999999999")),
                Arguments.of(Map.of(), List.of("--grpc-keepalive-min-time", "5")),
                Arguments.of(Map.of(), List.of("--max-concurrent-streams", "5000000000")),
                Arguments.of(Map.of(), List.of("--initial-cluster-state", "foo")),
                Arguments.of(Map.of(), List.of("--listen-client-urls", "bogus")),
                Arguments.of(Map.of(), List.of("--listen-peer-urls", "http://127.0.0.1")),
                Arguments.of(Map.of(), List.of("--listen-peer-urls", "http://127.0.0.1:2380/p")),
                Arguments.of(Map.of(), List.of("extra")),
                Arguments.of(Map.of(), List.of("--listen-client-urls", "http://example.com:2379", "--advertise-client-urls", "http://localhost:2379")),
                Arguments.of(Map.of(), List.of("--listen-client-urls", "http://127.0.0.1:2379")),
                Arguments.of(Map.of(), List.of("--heartbeat-interval", "300")),
                Arguments.of(Map.of(), List.of("--heartbeat-interval", "0")),
                Arguments.of(Map.of(), List.of("--election-timeout", "60000")),
                Arguments.of(Map.of(), List.of("--initial-advertise-peer-urls", "http://:2380")),
                Arguments.of(Map.of(), List.of("--discovery-srv", "example.com", "--initial-cluster", "a=http://1.1.1.1:2380")),
                Arguments.of(Map.of(), List.of("--auto-compaction-mode", "foo")),
                Arguments.of(Map.of(), List.of("--logger", "foo")),
                Arguments.of(Map.of(), List.of("--log-outputs", "stdout,stderr")),
                Arguments.of(Map.of(), List.of("--log-outputs", "foo")),
                Arguments.of(Map.of(), List.of("--experimental-enable-lease-checkpoint-persist")),
                Arguments.of(Map.of("ETCD_HEARTBEAT_INTERVAL", "abc"), List.of()),
                Arguments.of(Map.of("ETCD_NAME", "foo"), List.of("--name", "bar")));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void sameMessageAsEtcd(Map<String, String> env, List<String> args) throws Exception {
        assumeTrue(Files.isExecutable(ETCD), "etcd binary not installed");
        List<String> cmd = new ArrayList<>();
        cmd.add(ETCD.toString());
        cmd.add("--data-dir");
        cmd.add(tmp.resolve("d").toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("ETCD"));
        pb.environment().putAll(env);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        byte[] err;
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) throw new AssertionError("etcd did not exit for " + args);
            err = p.getErrorStream().readAllBytes();
        } finally {
            p.destroyForcibly();
        }
        String etcdErr = new String(err, StandardCharsets.UTF_8);
        assertTrue(p.exitValue() == 1 || p.exitValue() == 2, "etcd exit " + p.exitValue());

        List<String> ours = new ArrayList<>(List.of("--data-dir", tmp.resolve("d").toString()));
        ours.addAll(args);
        LoadResult r = ConfigLoader.load(ours.toArray(String[]::new), env);
        LoadResult.Exit e = assertInstanceOf(LoadResult.Exit.class, r);
        assertEquals(1, e.code());
        String line = e.stderr().strip();
        if (line.startsWith("etcdmain: ") || line.startsWith("pkg/flags: ")) {
            assertTrue(etcdErr.contains(" | " + line), () -> "etcd said:\n" + etcdErr + "\nwe said:\n" + line);
        } else {
            assertEquals(etcdErr.lines().findFirst().orElse(""), line);
        }
    }

    static Stream<String> fileCases() {
        return Stream.of("heartbeat-interval: \"100\"\n", "max-txn-ops: -1\n", "log-outputs: stdout\n",
                "client-transport-security:\n  client-cert-auth: 3\n", "listen-peer-urls: bogus\n",
                "advertise-client-urls: bogus\n", "initial-cluster-state: foo\n", "name: 123\n", "quota-backend-bytes: 1.5\n",
                "proxy: foo\n");
    }

    @ParameterizedTest
    @MethodSource("fileCases")
    void sameConfigFileMessageAsEtcd(String yaml) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(ETCD), "etcd binary not installed");
        Path f = tmp.resolve("c.yml");
        Files.writeString(f, "data-dir: " + tmp.resolve("d") + "\n" + yaml);
        ProcessBuilder pb = new ProcessBuilder(ETCD.toString(), "--config-file", f.toString()).directory(tmp.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("ETCD"));
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String etcdErr;
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) throw new AssertionError("etcd did not exit for " + yaml);
            etcdErr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            p.destroyForcibly();
        }
        LoadResult.Exit e = assertInstanceOf(LoadResult.Exit.class,
                ConfigLoader.load(new String[] {"--config-file", f.toString()}, Map.of()));
        String line = e.stderr().strip();
        String expected = line.startsWith("etcdmain: ") ? " | " + line : line;
        assertTrue(etcdErr.contains(expected), () -> "etcd said:\n" + etcdErr + "\nwe said:\n" + line);
    }
}

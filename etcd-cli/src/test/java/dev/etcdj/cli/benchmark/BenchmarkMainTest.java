package dev.etcdj.cli.benchmark;

import dev.etcdj.cli.RealEtcd;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class BenchmarkMainTest {

    private static String[] run(int expectRc, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = BenchmarkMain.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true),
                new PrintStream(err, true));
        String o = out.toString(StandardCharsets.UTF_8);
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(expectRc, rc, o + e);
        return new String[] {o, e};
    }

    @Test
    void againstRealEtcd() throws Exception {
        RealEtcd.assumeInstalled();
        try (RealEtcd etcd = new RealEtcd().start()) {
            String ep = "--endpoints=" + etcd.endpoint();
            String o = run(0, ep, "--conns=2", "--clients=8", "put", "--total=400", "--key-size=8", "--val-size=64",
                    "--sequential-keys", "--key-space-size=100")[0];
            assertTrue(o.contains("Summary:") && o.contains("Requests/sec:") && o.contains("Latency distribution:"), o);
            assertTrue(o.contains("RESULT op=put clients=8 conns=2 total=400 errors=0 "), o);
            run(0, "--endpoints=http://" + etcd.endpoint(), "seed", "foo");
            o = run(0, ep, "--clients=4", "range", "foo", "--total=200", "--consistency=s")[0];
            assertTrue(o.contains("RESULT op=range-serializable clients=4 conns=1 total=200 errors=0"), o);
            o = run(0, ep, "--clients=4", "--json", "range", "foo", "fop", "--total=100")[0];
            assertTrue(o.startsWith("{\"op\":\"range-linearizable\",\"clients\":4,\"conns\":1,\"total\":100,\"errors\":0,"), o);
            o = run(0, ep, "--clients=2", "--warmup=10", "txn-put", "--txn-ops=4", "--key-space-size=100000", "--total=50")[0];
            assertTrue(o.contains("RESULT op=txn-put clients=2 conns=1 total=50 errors=0"), o);
        }
    }

    /** etcd's own test certificates (Debian's golang-etcd-server-dev): a server cert for 127.0.0.1 and a client cert. */
    static final Path FIXTURES = Path.of("/usr/share/gocode/src/go.etcd.io/etcd/integration/fixtures");

    @Test
    void tlsFlagsAgainstRealEtcdRequiringClientCertificates() throws Exception {
        RealEtcd.assumeInstalled();
        assumeTrue(Files.isDirectory(FIXTURES), "etcd's test certificates are not installed");
        String ca = "--cacert=" + FIXTURES.resolve("ca.crt");
        String cert = "--cert=" + FIXTURES.resolve("client-nocn.crt");
        String key = "--key=" + FIXTURES.resolve("client-nocn.key.insecure");
        try (RealEtcd etcd = new RealEtcd().tls(List.of("--cert-file=" + FIXTURES.resolve("server.crt"),
                "--key-file=" + FIXTURES.resolve("server.key.insecure"), "--trusted-ca-file=" + FIXTURES.resolve("ca.crt"),
                "--client-cert-auth"), List.of(ca, cert, key)).start()) {
            String ep = "--endpoints=" + etcd.endpoint();
            String o = run(0, ep, ca, cert, key, "--clients=4", "put", "--total=100")[0];
            assertTrue(o.contains("RESULT op=put clients=4 conns=1 total=100 errors=0 "), o);
            o = run(0, "--endpoints=https://" + etcd.endpoint(), ca, cert, key, "range", "foo", "--total=20")[0];
            assertTrue(o.contains("RESULT op=range-linearizable clients=1 conns=1 total=20 errors=0 "), o);
            // the server requires a client certificate, and plaintext gets no answer at all
            o = run(1, ep, ca, "put", "--total=3", "--timeout=60")[0];
            assertTrue(o.contains("errors=3"), o);
            o = run(1, ep, "put", "--total=3", "--timeout=60")[0];
            assertTrue(o.contains("errors=3"), o);
        }
    }

    @Test
    void usageErrors() {
        assertTrue(run(1, "--cert=a.crt", "put")[1].contains("--cert and --key must be given together"));
        assertTrue(run(1, "bogus")[1].contains("unknown command"));
        assertTrue(run(1, "range")[1].contains("range requires KEY"));
        assertTrue(run(1, "put", "--clients=x")[1].contains("invalid argument"));
        assertTrue(run(0, "--help")[0].contains("Usage: benchmark"));
    }

    @Test
    void unreachableServerCountsErrors() throws Exception {
        int port = RealEtcd.freePort();
        String o = run(1, "--endpoints=127.0.0.1:" + port, "put", "--total=3")[0];
        assertTrue(o.contains("Error distribution:") && o.contains("errors=3"), o);
    }
}

package dev.etcdj.cli.etcdctl;

import dev.etcdj.cli.RealEtcd;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.etcdj.cli.etcdctl.Ctl.step;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** --cacert/--cert/--key and --insecure-skip-tls-verify against a TLS etcd (certificates made with openssl). */
class TlsDiffTest {

    private static void sh(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
        }
    }

    private static void cert(Path dir, String name, String ext) throws Exception {
        sh(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                "-subj", "/CN=" + name);
        Files.writeString(dir.resolve(name + ".ext"), ext);
        sh(dir, "openssl", "x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".crt", "-days", "2", "-extfile", name + ".ext");
    }

    @Test
    void tls() throws Exception {
        RealEtcd.assumeInstalled();
        assumeTrue(new File("/usr/bin/openssl").canExecute(), "openssl not installed: skipping TLS test");
        Path dir = Files.createTempDirectory("etcdcli-tls");
        try {
            sh(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
                    "-subj", "/CN=etcdcli-test-ca", "-days", "2");
            cert(dir, "server", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
            cert(dir, "client", "extendedKeyUsage=clientAuth\n");
            String d = dir.toString() + "/";
            List<String> clientArgs = List.of("--cacert=" + d + "ca.crt", "--cert=" + d + "client.crt",
                    "--key=" + d + "client.key");
            int unixPort = RealEtcd.freePort();
            try (RealEtcd etcd = new RealEtcd().tls(List.of("--cert-file=" + d + "server.crt",
                    "--key-file=" + d + "server.key", "--trusted-ca-file=" + d + "ca.crt", "--client-cert-auth"),
                    clientArgs)) {
                etcd.start("--listen-client-urls=https://" + etcd.endpoint() + ",unixs://localhost:" + unixPort);
                String ep = "--endpoints=https://" + etcd.endpoint();
                // TLS over etcd's unix socket; the certificate names 127.0.0.1, not the socket's path
                String unixs = "--endpoints=unixs://" + etcd.dir() + "/localhost:" + unixPort;
                List<Ctl.Step> steps = new ArrayList<>();
                steps.add(step(with(ep, clientArgs, "put", "t", "v")).noEndpoint());
                steps.add(step(with(ep, clientArgs, "get", "t", "-w", "json")).noEndpoint());
                steps.add(step(with("--endpoints=" + etcd.endpoint(), clientArgs, "get", "t")).noEndpoint());
                steps.add(step(with(ep, List.of("--insecure-skip-tls-verify", "--cert=" + d + "client.crt",
                        "--key=" + d + "client.key"), "get", "t")).noEndpoint());
                steps.add(step(with(ep, clientArgs, "endpoint", "status", "-w", "fields")).noEndpoint());
                steps.add(step(with(unixs, List.of("--insecure-skip-tls-verify", "--cert=" + d + "client.crt",
                        "--key=" + d + "client.key"), "get", "t", "-w", "fields")).noEndpoint());
                steps.add(step(with(ep, List.of("--cert="), "get", "t")).noEndpoint());
                steps.add(step(with(ep, List.of("--cacert="), "get", "t")).noEndpoint());
                Ctl.sameServer(etcd, steps);
            }
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static String[] with(String ep, List<String> tls, String... cmd) {
        List<String> a = new ArrayList<>();
        a.add(ep);
        a.addAll(tls);
        a.addAll(List.of(cmd));
        return a.toArray(new String[0]);
    }
}

package dev.etcdj.cli.etcdctl;

import dev.etcdj.api.PutResponse;
import dev.etcdj.api.RangeResponse;
import dev.etcdj.api.ResponseHeader;
import dev.etcdj.cli.transport.TrainingServer;
import dev.etcdj.tls.KeyMaterial;
import dev.etcdj.tls.PemFiles;
import dev.etcdj.tls.SelfSignedCert;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The training run for etcdctl's class-data-sharing archive, run at package time (and by the launcher
 * when the distribution has moved): a {@code put} and a {@code get} that succeed against a loopback KV
 * endpoint, in plaintext and over TLS with a client certificate, so the archive covers the classes of
 * whole requests and their output, not only of a failed dial.
 */
public final class CdsTraining {
    private CdsTraining() {}

    public static void main(String[] args) throws Exception {
        Path certDir = Files.createTempDirectory("etcdctl-cds");
        try {
            SelfSignedCert cert = SelfSignedCert.ensure(certDir, List.of("127.0.0.1"), null);
            train(null);
            train(serverTls(cert), "--cacert=" + cert.certFile(), "--cert=" + cert.certFile(), "--key=" + cert.keyFile());
        } finally {
            try (var files = Files.walk(certDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        System.exit(0);
    }

    private static SSLContext serverTls(SelfSignedCert cert) throws Exception {
        KeyMaterial km = PemFiles.loadKeyMaterial(cert.certFile(), cert.keyFile());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", km.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(km.keyManagerFactory().getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    private static void train(SSLContext tls, String... tlsFlags) throws Exception {
        Function<String, byte[]> responses = path -> path.endsWith("/Put")
                ? PutResponse.newBuilder().setHeader(header()).build().toByteArray()
                : RangeResponse.newBuilder().setHeader(header()).build().toByteArray();
        try (TrainingServer server = TrainingServer.start(tls, responses)) {
            String ep = "--endpoints=127.0.0.1:" + server.port();
            PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true);
            for (String[] cmd : new String[][] {{ep, "put", "cds-training", "x"}, {ep, "get", "cds-training"}}) {
                List<String> args = new ArrayList<>(List.of(tlsFlags));
                args.addAll(List.of(cmd));
                EarlySignals.install(args.toArray(String[]::new));
                int rc = EtcdctlMain.run(args.toArray(String[]::new), new ByteArrayInputStream(new byte[0]), sink, sink, Map.of());
                if (rc != 0) {
                    throw new IllegalStateException("training call failed: " + String.join(" ", args));
                }
            }
        }
    }

    private static ResponseHeader header() {
        return ResponseHeader.newBuilder().setClusterId(1).setMemberId(1).setRevision(1).setRaftTerm(1).build();
    }
}

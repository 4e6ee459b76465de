package dev.etcdj.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedCertTest {
    @TempDir
    Path dir;

    @Test
    void generatesWithSansAndReusesOnSecondCall() throws Exception {
        Path d = dir.resolve("data/fixtures/client");
        SelfSignedCert first = SelfSignedCert.ensure(d,
                List.of("localhost:2379", "127.0.0.1:2379", "[::1]:2379", "https://10.0.0.5:2379", "node1.example"),
                Duration.ofDays(365));
        assertTrue(first.generated());
        assertEquals(d.resolve("cert.pem"), first.certFile());
        assertEquals(d.resolve("key.pem"), first.keyFile());
        assertTrue(Files.readString(first.keyFile()).startsWith("-----BEGIN EC PRIVATE KEY-----"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(first.keyFile())));

        KeyMaterial km = PemFiles.loadKeyMaterial(first.certFile(), first.keyFile());
        X509Certificate c = km.certificate();
        assertEquals(256, ((ECPublicKey) c.getPublicKey()).getParams().getCurve().getField().getFieldSize());
        assertTrue(c.getSubjectX500Principal().getName().contains("O=etcd"));
        Set<String> sans = new HashSet<>();
        for (List<?> san : c.getSubjectAlternativeNames()) {
            sans.add(san.get(0) + ":" + san.get(1));
        }
        assertTrue(sans.contains("2:localhost"), sans.toString());
        assertTrue(sans.contains("2:node1.example"), sans.toString());
        assertTrue(sans.contains("7:127.0.0.1"), sans.toString());
        assertTrue(sans.contains("7:10.0.0.5"), sans.toString());
        assertTrue(sans.stream().anyMatch(s -> s.startsWith("7:0:0:0:0:0:0:0:1")), sans.toString());
        assertTrue(c.getExtendedKeyUsage().containsAll(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2")));
        assertEquals(-1, c.getBasicConstraints());
        long days = Duration.between(c.getNotBefore().toInstant(), c.getNotAfter().toInstant()).toDays();
        assertTrue(days >= 364 && days <= 366, "validity " + days);

        byte[] certBytes = Files.readAllBytes(first.certFile());
        SelfSignedCert second = SelfSignedCert.ensure(d, List.of("other"), Duration.ofDays(1));
        assertFalse(second.generated());
        assertArrayEquals(certBytes, Files.readAllBytes(second.certFile()));
    }

    @Test
    void regeneratesExpiredOrBrokenFiles() throws Exception {
        SelfSignedCert expired = SelfSignedCert.ensure(dir, List.of("localhost"), Duration.ofSeconds(-30));
        assertTrue(expired.generated());
        SelfSignedCert again = SelfSignedCert.ensure(dir, List.of("localhost"), Duration.ofDays(1));
        assertTrue(again.generated(), "expired certificate is replaced");
        Files.writeString(dir.resolve("key.pem"), "garbage");
        assertTrue(SelfSignedCert.ensure(dir, List.of("localhost"), null).generated());
        assertFalse(SelfSignedCert.ensure(dir, List.of("localhost"), null).generated());
    }

    @Test
    void withAutoTlsIgnoredWhenCertificatesGiven() throws Exception {
        TlsSettings given = new TlsSettings(Path.of("/x/c.pem"), Path.of("/x/k.pem"), null, false, null, true,
                null, null, null);
        TlsSettings kept = EtcdTls.withAutoTls(given, dir, List.of("localhost"), null);
        assertEquals(given.certFile(), kept.certFile());
        assertFalse(kept.autoTls(), "auto TLS ignored when certs given");
        assertFalse(Files.exists(dir.resolve("cert.pem")));
        TlsSettings plain = TlsSettings.none();
        assertEquals(plain, EtcdTls.withAutoTls(plain, dir, List.of("localhost"), null));
        TlsSettings auto = new TlsSettings(null, null, null, false, null, true, null, null, null);
        TlsSettings resolved = EtcdTls.withAutoTls(auto, dir.resolve("fixtures/peer"), List.of("localhost"), null);
        assertEquals(dir.resolve("fixtures/peer/cert.pem"), resolved.certFile());
        assertTrue(resolved.hasCertificate());
    }

    @Test
    void hostParsing() {
        assertEquals("localhost", SelfSignedCert.hostOf("localhost:2380"));
        assertEquals("::1", SelfSignedCert.hostOf("[::1]:2380"));
        assertEquals("fe80::1", SelfSignedCert.hostOf("fe80::1"));
        assertEquals("10.0.0.1", SelfSignedCert.hostOf("http://10.0.0.1:2380"));
        assertEquals("example.com", SelfSignedCert.hostOf("example.com"));
        assertEquals(null, SelfSignedCert.hostOf(" "));
    }
}

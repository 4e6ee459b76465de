package dev.etcdj.tls;

import static dev.etcdj.tls.TestSupport.fixture;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host names checked as Go's x509.Certificate.VerifyHostname does, with its error texts. */
class CertificateHostnameTest {
    @TempDir
    Path dir;

    @Test
    void sansOfServerCertificate() throws Exception {
        X509Certificate server = PemFiles.readCertificates(fixture(dir, "server.crt")).get(0);
        assertDoesNotThrow(() -> CertificateHostname.verify(server, "127.0.0.1"));
        assertDoesNotThrow(() -> CertificateHostname.verify(server, "LocalHost."));
        assertDoesNotThrow(() -> CertificateHostname.verify(server, "[127.0.0.1]"));
        assertEquals("x509: certificate is valid for 127.0.0.1, not 127.0.0.2",
                assertThrows(CertificateException.class, () -> CertificateHostname.verify(server, "127.0.0.2")).getMessage());
        assertEquals("x509: certificate is valid for localhost, not example.com",
                assertThrows(CertificateException.class, () -> CertificateHostname.verify(server, "example.com")).getMessage());
    }

    @Test
    void wildcardMatchesOneLabel() throws Exception {
        X509Certificate wildcard = PemFiles.readCertificates(fixture(dir, "server-wildcard.crt")).get(0);
        assertTrue(CertificateHostname.matches(wildcard, "m1.etcd.local"));
        assertTrue(CertificateHostname.matches(wildcard, "etcd.local"));
        assertFalse(CertificateHostname.matches(wildcard, "a.m1.etcd.local"));
        assertEquals("x509: certificate is valid for *.etcd.local, etcd.local, localhost, not a.m1.etcd.local",
                assertThrows(CertificateException.class,
                        () -> CertificateHostname.verify(wildcard, "a.m1.etcd.local")).getMessage());
    }

    @Test
    void commonNameIsNotAHostName() throws Exception {
        X509Certificate legacy = TestSupport.selfSigned(TestSupport.rsa(), "legacy.example",
                Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(1)));
        assertFalse(CertificateHostname.matches(legacy, "legacy.example"));
        assertEquals("x509: certificate relies on legacy Common Name field, use SANs instead",
                assertThrows(CertificateException.class, () -> CertificateHostname.verify(legacy, "legacy.example")).getMessage());
        assertEquals("x509: certificate is not valid for any names, but wanted to match other.example",
                assertThrows(CertificateException.class, () -> CertificateHostname.verify(legacy, "other.example")).getMessage());
    }

    @Test
    void ipAgainstCertificateWithoutIpSans() throws Exception {
        SelfSignedCert named = SelfSignedCert.ensure(dir.resolve("named"), List.of("etcd.example"), null);
        X509Certificate cert = PemFiles.readCertificates(named.certFile()).get(0);
        assertTrue(CertificateHostname.matches(cert, "etcd.example"));
        assertEquals("x509: cannot validate certificate for 10.0.0.1 because it doesn't contain any IP SANs",
                assertThrows(CertificateException.class, () -> CertificateHostname.verify(cert, "10.0.0.1")).getMessage());
    }

    @Test
    void ipLiterals() {
        assertTrue(CertificateHostname.isIpLiteral("127.0.0.1"));
        assertTrue(CertificateHostname.isIpLiteral("::1"));
        assertFalse(CertificateHostname.isIpLiteral("1.2.3"));
        assertFalse(CertificateHostname.isIpLiteral("1.2.3.4.5"));
        assertFalse(CertificateHostname.isIpLiteral("1..3.4"));
        assertFalse(CertificateHostname.isIpLiteral("1234.1.1.1"));
        assertFalse(CertificateHostname.isIpLiteral("example.com"));
    }
}

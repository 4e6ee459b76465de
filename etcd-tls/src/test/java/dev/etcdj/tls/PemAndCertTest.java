package dev.etcdj.tls;

import static dev.etcdj.tls.TestSupport.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemAndCertTest {
    @TempDir
    Path dir;

    @Test
    void pkcs1RsaKeyFromFixture() throws Exception {
        PrivateKey k = PemFiles.readPrivateKey(fixture(dir, "server.key.insecure"));
        assertEquals("RSA", k.getAlgorithm());
        KeyMaterial km = PemFiles.loadKeyMaterial(fixture(dir, "server.crt"), fixture(dir, "server.key.insecure"));
        assertTrue(km.warnings().isEmpty());
        assertEquals(1, km.chain().size());
    }

    @Test
    void sec1EcKeyFromFixture() throws Exception {
        KeyMaterial km = PemFiles.loadKeyMaterial(fixture(dir, "server-ecdsa.crt"),
                fixture(dir, "server-ecdsa.key.insecure"));
        assertTrue(km.privateKey().getAlgorithm().startsWith("EC"));
    }

    @Test
    void pkcs8KeysRsaAndEc() throws Exception {
        PrivateKey rsa = PemFiles.readPrivateKey(fixture(dir, "server.key.insecure"));
        Path p8 = dir.resolve("server.p8.pem");
        Files.writeString(p8, TestSupport.pem(new PemObject("PRIVATE KEY", rsa.getEncoded())));
        assertTrue(Files.readString(p8).startsWith("-----BEGIN PRIVATE KEY-----"));
        KeyMaterial km = PemFiles.loadKeyMaterial(fixture(dir, "server.crt"), p8);
        assertEquals(rsa.getEncoded().length, km.privateKey().getEncoded().length);

        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ec = g.generateKeyPair();
        Path ecP8 = dir.resolve("ec.p8.pem");
        Files.writeString(ecP8, TestSupport.pem(new PemObject("PRIVATE KEY", ec.getPrivate().getEncoded())));
        Path ecCert = dir.resolve("ec.crt");
        Files.writeString(ecCert, TestSupport.pem(TestSupport.selfSigned(ec, "ec", Instant.now().minusSeconds(60),
                Instant.now().plus(Duration.ofDays(1)))));
        assertTrue(PemFiles.loadKeyMaterial(ecCert, ecP8).warnings().isEmpty());
    }

    @Test
    void generatedPkcs1RsaKeyWithCertificateChain() throws Exception {
        KeyPair kp = TestSupport.rsa();
        Path key = dir.resolve("k.pem");
        Files.writeString(key, TestSupport.pem(kp.getPrivate()));
        assertTrue(Files.readString(key).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        X509Certificate cert = TestSupport.selfSigned(kp, "node1", Instant.now().minusSeconds(60),
                Instant.now().plus(Duration.ofDays(1)));
        Path chain = dir.resolve("chain.pem");
        Files.writeString(chain, TestSupport.pem(cert) + Files.readString(fixture(dir, "ca.crt")));
        KeyMaterial km = PemFiles.loadKeyMaterial(chain, key);
        assertEquals(2, km.chain().size());
        assertEquals("node1", CertificateCn.of(km.certificate()));
    }

    @Test
    void mismatchedKeyAndCertificate() throws Exception {
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> PemFiles.loadKeyMaterial(
                fixture(dir, "server.crt"), fixture(dir, "server2.key.insecure")));
        assertTrue(e.getMessage().startsWith("tls: private key does not match public key"), e.getMessage());
        // EC key with RSA cert
        assertThrows(TlsConfigException.class, () -> PemFiles.loadKeyMaterial(
                fixture(dir, "server.crt"), fixture(dir, "server-ecdsa.key.insecure")));
    }

    @Test
    void missingFiles() {
        Path missing = dir.resolve("none.crt");
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> PemFiles.readCertificates(missing));
        assertEquals("open " + missing + ": no such file or directory", e.getMessage());
        e = assertThrows(TlsConfigException.class,
                () -> EtcdTls.serverContext(new TlsSettings(missing, missing, null, false, null, false, null, null, null)));
        assertEquals("open " + missing + ": no such file or directory", e.getMessage());
        TlsConfigException ca = assertThrows(TlsConfigException.class, () -> EtcdTls.clientContext(
                new TlsSettings(null, null, missing, false, null, false, null, null, null)));
        assertEquals("open " + missing + ": no such file or directory", ca.getMessage());
    }

    @Test
    void notPem() throws Exception {
        Path junk = dir.resolve("junk");
        Files.writeString(junk, "hello, not a certificate\n");
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> PemFiles.readCertificates(junk));
        assertTrue(e.getMessage().startsWith("tls: failed to find any PEM data in certificate input"), e.getMessage());
        e = assertThrows(TlsConfigException.class, () -> PemFiles.readPrivateKey(junk));
        assertTrue(e.getMessage().startsWith("tls: failed to find any PEM data in key input"), e.getMessage());
        e = assertThrows(TlsConfigException.class, () -> PemFiles.readPrivateKey(fixture(dir, "server.crt")));
        assertTrue(e.getMessage().contains("certificate rather than a key"), e.getMessage());
    }

    @Test
    void expiredCertificateIsAWarningNotAnError() throws Exception {
        KeyPair kp = TestSupport.rsa();
        Instant notAfter = Instant.parse("2020-01-02T03:04:05Z");
        X509Certificate cert = TestSupport.selfSigned(kp, "old", Instant.parse("2019-01-01T00:00:00Z"), notAfter);
        Path c = dir.resolve("old.crt");
        Path k = dir.resolve("old.key");
        Files.writeString(c, TestSupport.pem(cert));
        Files.writeString(k, TestSupport.pem(kp.getPrivate()));
        KeyMaterial km = PemFiles.loadKeyMaterial(c, k);
        assertEquals(1, km.warnings().size());
        assertTrue(km.warnings().get(0).contains("expired") && km.warnings().get(0).contains("2020-01-02T03:04:05Z"),
                km.warnings().get(0));
        assertTrue(EtcdTls.serverContext(new TlsSettings(c, k, null, false, null, false, null, null, null)) != null);
    }

    @Test
    void certificateCn() throws Exception {
        assertEquals("example.com", CertificateCn.of(PemFiles.readCertificates(fixture(dir, "server.crt")).get(0)));
        assertEquals("ca", CertificateCn.of(PemFiles.readCertificates(fixture(dir, "ca.crt")).get(0)));
        assertEquals("", CertificateCn.of(PemFiles.readCertificates(fixture(dir, "server3.crt")).get(0)));
        assertEquals("", CertificateCn.of(null));
    }

    @Test
    void crlParsing() throws Exception {
        X509CRL crl = PemFiles.readCrl(fixture(dir, "revoke.crl"));
        X509Certificate revoked = PemFiles.readCertificates(fixture(dir, "server-revoked.crt")).get(0);
        assertTrue(crl.isRevoked(revoked));
        assertEquals(new BigInteger("4A3CF9F9DCC21A01B4A0EFAEF7546AAEE8FBD194", 16), revoked.getSerialNumber());
    }

    @Test
    void peerCertificateCheckDirect() throws Exception {
        X509Certificate server = PemFiles.readCertificates(fixture(dir, "server.crt")).get(0);
        X509Certificate wildcard = PemFiles.readCertificates(fixture(dir, "server-wildcard.crt")).get(0);
        assertTrue(PeerCertificateCheck.of(null, null).isNoop());
        assertTrue(PeerCertificateCheck.of("example.com", null).matches(server));
        assertFalse(PeerCertificateCheck.of("example2.com", null).matches(server));
        assertTrue(PeerCertificateCheck.of(null, "localhost").matches(server));
        assertTrue(PeerCertificateCheck.of(null, "LOCALHOST.").matches(server));
        assertTrue(PeerCertificateCheck.of(null, "127.0.0.1").matches(server));
        assertFalse(PeerCertificateCheck.of(null, "127.0.0.2").matches(server));
        assertFalse(PeerCertificateCheck.of(null, "example.com").matches(server));
        assertTrue(PeerCertificateCheck.of(null, "m1.etcd.local").matches(wildcard));
        assertFalse(PeerCertificateCheck.of(null, "a.m1.etcd.local").matches(wildcard));
        var ex = assertThrows(java.security.cert.CertificateException.class,
                () -> PeerCertificateCheck.of("x", null).verify(new X509Certificate[] {server}));
        assertEquals("client certificate authentication failed", ex.getMessage());
    }

    @Test
    void cipherSuiteMapping() {
        assertEquals(List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
                CipherSuites.toJdkNames(List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256")));
        var e = assertThrows(TlsConfigException.class,
                () -> CipherSuites.toJdkNames(List.of("ECDHE-RSA-AES128-GCM-SHA256")));
        assertEquals("unexpected TLS cipher suite \"ECDHE-RSA-AES128-GCM-SHA256\"", e.getMessage());
        assertEquals(List.of("TLSv1.2"), List.of(CipherSuites.protocols(
                List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"))));
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), List.of(CipherSuites.protocols(List.of())));
    }

    @Test
    void settingsIsEmpty() {
        assertTrue(TlsSettings.none().isEmpty());
        assertFalse(new TlsSettings(null, null, null, false, null, true, null, "", "").isEmpty());
        assertFalse(new TlsSettings(Path.of("a"), Path.of("b"), null, false, null, false, null, null, null).isEmpty());
    }
}

package dev.etcdj.tls;

import static dev.etcdj.tls.TestSupport.fixture;
import static dev.etcdj.tls.TestSupport.handshake;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandshakeTest {
    @TempDir
    Path dir;

    private Path f(String name) throws IOException {
        return fixture(dir, name);
    }

    private TlsSettings server(boolean clientCertAuth, Path crl, List<String> ciphers, String cn, String host)
            throws IOException {
        return new TlsSettings(f("server.crt"), f("server.key.insecure"), f("ca.crt"), clientCertAuth, crl, false,
                ciphers, cn, host);
    }

    private TlsSettings server(boolean clientCertAuth) throws IOException {
        return server(clientCertAuth, null, List.of(), null, null);
    }

    private TlsSettings client(String cert, String key) throws IOException {
        return new TlsSettings(cert == null ? null : f(cert), key == null ? null : f(key), f("ca.crt"), false, null,
                false, List.of(), null, null);
    }

    private TlsSettings client2() throws IOException {
        return client("server2.crt", "server2.key.insecure");
    }

    private static TestSupport.Outcome hs(TlsSettings server, TlsSettings client) throws Exception {
        return handshake(EtcdTls.serverContext(server), EtcdTls.clientContext(client));
    }

    @Test
    void mutualTlsWorksAndPeerCnIsVisible() throws Exception {
        TestSupport.Outcome o = hs(server(true), client2());
        assertTrue(o.ok(), o.describe());
        X509Certificate peer = (X509Certificate) o.serverSession().getPeerCertificates()[0];
        assertEquals("example2.com", CertificateCn.of(peer));
        assertTrue(List.of("TLSv1.2", "TLSv1.3").contains(o.serverSession().getProtocol()));
    }

    @Test
    void clientWithoutCertificateRefusedWhenClientCertAuth() throws Exception {
        TestSupport.Outcome o = hs(server(true), client(null, null));
        assertFalse(o.ok());
    }

    @Test
    void trustedCaAloneAlsoRequiresClientCertificate() throws Exception {
        // etcd: TrustedCAFile != "" || ClientCertAuth => RequireAndVerifyClientCert
        assertTrue(EtcdTls.requiresClientCert(server(false)));
        assertFalse(hs(server(false), client(null, null)).ok());
    }

    @Test
    void serverWithoutClientAuthAcceptsAnonymousClient() throws Exception {
        TlsSettings s = new TlsSettings(f("server.crt"), f("server.key.insecure"), null, false, null, false,
                List.of(), null, null);
        assertFalse(EtcdTls.requiresClientCert(s));
        assertTrue(hs(s, client(null, null)).ok());
    }

    @Test
    void clientCertificateFromAnotherCaRefused() throws Exception {
        TestSupport.Outcome o = hs(server(true), client("CommonName-root.crt", "CommonName-root.key"));
        assertFalse(o.ok());
        assertTrue(o.serverError() != null, o.describe());
    }

    @Test
    void serverFromAnotherCaRefusedByClient() throws Exception {
        TlsSettings s = new TlsSettings(f("CommonName-root.crt"), f("CommonName-root.key"), null, false, null, false,
                List.of(), null, null);
        TestSupport.Outcome o = hs(s, client(null, null));
        assertFalse(o.ok());
        assertTrue(o.clientError() != null, o.describe());
    }

    @Test
    void revokedClientCertificateRefusedWithCrl() throws Exception {
        TlsSettings s = server(true, f("revoke.crl"), List.of(), null, null);
        TestSupport.Outcome revoked = hs(s, client("server-revoked.crt", "server-revoked.key.insecure"));
        assertFalse(revoked.ok());
        assertTrue(String.valueOf(revoked.serverError()).contains("revoked")
                || String.valueOf(revoked.serverError().getCause()).contains("revoked"), revoked.describe());
        assertTrue(hs(s, client2()).ok(), "non-revoked cert still accepted");
        // without the CRL the same certificate is fine
        assertTrue(hs(server(true), client("server-revoked.crt", "server-revoked.key.insecure")).ok());
    }

    @Test
    void revokedServerCertificateRefusedByClientWithCrl() throws Exception {
        TlsSettings s = new TlsSettings(f("server-revoked.crt"), f("server-revoked.key.insecure"), null, false, null,
                false, List.of(), null, null);
        TlsSettings c = new TlsSettings(null, null, f("ca.crt"), false, f("revoke.crl"), false, List.of(), null, null);
        assertFalse(hs(s, c).ok());
    }

    @Test
    void missingCrlFileIsConfigError() throws Exception {
        TlsConfigException e = assertThrows(TlsConfigException.class,
                () -> EtcdTls.serverContext(server(true, dir.resolve("nope.crl"), List.of(), null, null)));
        assertTrue(e.getMessage().contains("no such file or directory"), e.getMessage());
    }

    @Test
    void ecdsaServerCertificate() throws Exception {
        TlsSettings s = new TlsSettings(f("server-ecdsa.crt"), f("server-ecdsa.key.insecure"), f("ca.crt"), true,
                null, false, List.of(), null, null);
        assertTrue(hs(s, client2()).ok());
    }

    @Test
    void allowedCn() throws Exception {
        TlsSettings s = server(true, null, List.of(), "example2.com", null);
        assertTrue(hs(s, client2()).ok());
        TestSupport.Outcome o = hs(s, client("server.crt", "server.key.insecure")); // CN example.com
        assertFalse(o.ok());
    }

    /** etcd's peers log Go's text for the refusal; the refused side must receive bad_certificate. */
    @Test
    void refusedCnIsAnsweredWithBadCertificateAlert() throws Exception {
        TlsSettings s = server(true, null, List.of(), "example2.com", null);
        TestSupport.Outcome o = hs(s, client("server.crt", "server.key.insecure"));
        assertEquals(java.util.Optional.of("remote error: tls: bad certificate"),
                TlsAlerts.remoteError(o.clientError()), o.describe());
    }

    @Test
    void allowedHostname() throws Exception {
        assertTrue(hs(server(true, null, List.of(), null, "localhost"), client2()).ok());
        assertTrue(hs(server(true, null, List.of(), null, "127.0.0.1"), client2()).ok());
        assertFalse(hs(server(true, null, List.of(), null, "example2.com"), client2()).ok(),
                "CN is not a SAN");
    }

    @Test
    void allowedCnAndHostnameAreExclusive() throws Exception {
        TlsConfigException e = assertThrows(TlsConfigException.class,
                () -> EtcdTls.serverContext(server(true, null, List.of(), "a", "b")));
        assertEquals("AllowedCN and AllowedHostname are mutually exclusive (cn=\"a\", hostname=\"b\")",
                e.getMessage());
    }

    @Test
    void cipherSuitesRestrictTheHandshake() throws Exception {
        TlsSettings s = server(true, null, List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), null, null);
        TestSupport.Outcome o = hs(s, client2());
        assertTrue(o.ok(), o.describe());
        assertEquals("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", o.serverSession().getCipherSuite());
        assertEquals("TLSv1.2", o.serverSession().getProtocol());

        TlsSettings c = new TlsSettings(f("server2.crt"), f("server2.key.insecure"), f("ca.crt"), false, null, false,
                List.of("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"), null, null);
        assertFalse(hs(s, c).ok(), "no common cipher suite");
    }

    @Test
    void goChachaAliasAccepted() throws Exception {
        TlsSettings s = server(true, null, List.of("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), null, null);
        assertTrue(hs(s, client2()).ok());
    }

    @Test
    void unknownCipherSuiteRejected() throws Exception {
        TlsConfigException e = assertThrows(TlsConfigException.class,
                () -> EtcdTls.serverContext(server(true, null, List.of("TLS_BOGUS"), null, null)));
        assertEquals("unexpected TLS cipher suite \"TLS_BOGUS\"", e.getMessage());
    }

    @Test
    void autoTlsPeersTrustEachOther() throws Exception {
        TlsSettings auto = new TlsSettings(null, null, null, true, null, true, List.of(), null, null);
        TlsSettings a = EtcdTls.withAutoTls(auto, dir.resolve("a/fixtures/peer"), List.of("localhost:2380"),
                Duration.ofDays(1));
        TlsSettings b = EtcdTls.withAutoTls(auto, dir.resolve("b/fixtures/peer"), List.of("127.0.0.1:2380"),
                Duration.ofDays(1));
        assertTrue(EtcdTls.trustsAll(a));
        TestSupport.Outcome o = hs(a, b);
        assertTrue(o.ok(), o.describe());
        // client cert auth still demands a certificate
        TlsSettings anonymous = new TlsSettings(null, null, null, false, null, true, List.of(), null, null);
        assertFalse(hs(a, anonymous).ok());
    }

    @Test
    void serverContextWithoutCertificateFails() {
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> EtcdTls.serverContext(
                new TlsSettings(null, null, null, false, null, true, List.of(), null, null)));
        assertTrue(e.getMessage().startsWith("KeyFile and CertFile must both be present"), e.getMessage());
    }

    @Test
    void contextsAreReusableForManyHandshakes() throws Exception {
        SslContext s = EtcdTls.serverContext(server(true));
        SslContext c = EtcdTls.clientContext(client2());
        for (int i = 0; i < 3; i++) {
            assertTrue(handshake(s, c).ok());
        }
    }

    private static SslContext jdkServer(TlsSettings s) throws Exception {
        KeyMaterial km = EtcdTls.keyMaterial(s);
        io.netty.handler.ssl.SslContextBuilder b = io.netty.handler.ssl.SslContextBuilder
                .forServer(km.privateKey(), km.chainArray()).sslProvider(io.netty.handler.ssl.SslProvider.JDK);
        EtcdTls.serverCustomizer(s).accept(b);
        return b.build();
    }

    private static SslContext jdkClient(TlsSettings s) throws Exception {
        io.netty.handler.ssl.SslContextBuilder b = io.netty.handler.ssl.SslContextBuilder.forClient()
                .sslProvider(io.netty.handler.ssl.SslProvider.JDK);
        EtcdTls.clientCustomizer(s).accept(b);
        return b.build();
    }

    @Test
    void jdkProviderEnforcesTheSameRules() throws Exception {
        assertTrue(handshake(jdkServer(server(true)), jdkClient(client2())).ok());
        assertFalse(handshake(jdkServer(server(true)), jdkClient(client(null, null))).ok());
        assertFalse(handshake(jdkServer(server(true, f("revoke.crl"), List.of(), null, null)),
                jdkClient(client("server-revoked.crt", "server-revoked.key.insecure"))).ok());
        assertFalse(handshake(jdkServer(server(true, null, List.of(), "nobody", null)), jdkClient(client2())).ok());
        assertFalse(handshake(jdkServer(server(true)), jdkClient(client("CommonName-root.crt", "CommonName-root.key")))
                .ok());
        // mixed: JDK server, OpenSSL/default client
        assertTrue(handshake(jdkServer(server(true)), EtcdTls.clientContext(client2())).ok());
    }

    @Test
    void serverCertificateReloadedWhenFilesChange() throws Exception {
        Path cert = dir.resolve("live.crt");
        Path key = dir.resolve("live.key");
        java.nio.file.Files.copy(f("server.crt"), cert);
        java.nio.file.Files.copy(f("server.key.insecure"), key);
        TlsSettings s = new TlsSettings(cert, key, f("ca.crt"), true, null, false, List.of(), null, null);
        SslContext ctx = EtcdTls.serverContext(s);
        SslContext c = EtcdTls.clientContext(client2());
        TestSupport.Outcome first = handshake(ctx, c);
        assertTrue(first.ok(), first.describe());
        assertEquals("example.com",
                CertificateCn.of((X509Certificate) first.clientSession().getPeerCertificates()[0]));

        java.nio.file.Files.copy(f("server2.crt"), cert, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        java.nio.file.Files.copy(f("server2.key.insecure"), key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        java.nio.file.attribute.FileTime later = java.nio.file.attribute.FileTime.fromMillis(
                System.currentTimeMillis() + 5000);
        java.nio.file.Files.setLastModifiedTime(cert, later);
        java.nio.file.Files.setLastModifiedTime(key, later);
        // fresh client context: a cached client session would be resumed without a new certificate
        TestSupport.Outcome second = handshake(ctx, EtcdTls.clientContext(client2()));
        assertTrue(second.ok(), second.describe());
        assertEquals("example2.com",
                CertificateCn.of((X509Certificate) second.clientSession().getPeerCertificates()[0]));

        // a broken update keeps the previous pair
        java.nio.file.Files.writeString(key, "broken");
        java.nio.file.Files.setLastModifiedTime(key, java.nio.file.attribute.FileTime.fromMillis(
                System.currentTimeMillis() + 10000));
        TestSupport.Outcome third = handshake(ctx, EtcdTls.clientContext(client2()));
        assertTrue(third.ok(), third.describe());
        assertEquals("example2.com",
                CertificateCn.of((X509Certificate) third.clientSession().getPeerCertificates()[0]));
    }
}

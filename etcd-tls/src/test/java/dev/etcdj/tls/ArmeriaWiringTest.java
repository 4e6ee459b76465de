package dev.etcdj.tls;

import static dev.etcdj.tls.TestSupport.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.server.Server;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wiring recommended to the server module: ServerBuilder.tls(key, chain) + tlsCustomizer, ClientFactory.tlsCustomizer. */
class ArmeriaWiringTest {
    @TempDir
    Path dir;

    @Test
    void mutualTlsThroughArmeriaServerAndClient() throws Exception {
        TlsSettings serverSettings = new TlsSettings(fixture(dir, "server.crt"), fixture(dir, "server.key.insecure"),
                fixture(dir, "ca.crt"), true, fixture(dir, "revoke.crl"), false, List.of(), null, null);
        Server server = Server.builder()
                .port(0, SessionProtocol.HTTPS)
                .tls(EtcdTls.reloadingKeyManagerFactory(serverSettings))
                .tlsCustomizer(EtcdTls.serverCustomizer(serverSettings))
                .service("/cn", (ctx, req) -> HttpResponse.of(CertificateCn.of(
                        (X509Certificate) ctx.sslSession().getPeerCertificates()[0])))
                .build();
        server.start().join();
        int port = server.activeLocalPort(SessionProtocol.HTTPS);
        try {
            TlsSettings good = new TlsSettings(fixture(dir, "server2.crt"), fixture(dir, "server2.key.insecure"),
                    fixture(dir, "ca.crt"), false, null, false, List.of(), null, null);
            try (ClientFactory cf = ClientFactory.builder().tlsCustomizer(EtcdTls.clientCustomizer(good)).build()) {
                var res = WebClient.builder("https://127.0.0.1:" + port).factory(cf).build().blocking().get("/cn");
                assertEquals(HttpStatus.OK, res.status());
                assertEquals("example2.com", res.contentUtf8());
            }
            TlsSettings anonymous = new TlsSettings(null, null, fixture(dir, "ca.crt"), false, null, false, List.of(),
                    null, null);
            try (ClientFactory cf = ClientFactory.builder().tlsCustomizer(EtcdTls.clientCustomizer(anonymous))
                    .build()) {
                assertThrows(Exception.class, () -> WebClient.builder("https://127.0.0.1:" + port).factory(cf)
                        .build().blocking().get("/cn"));
            }
            TlsSettings revoked = new TlsSettings(fixture(dir, "server-revoked.crt"),
                    fixture(dir, "server-revoked.key.insecure"), fixture(dir, "ca.crt"), false, null, false,
                    List.of(), null, null);
            try (ClientFactory cf = ClientFactory.builder().tlsCustomizer(EtcdTls.clientCustomizer(revoked)).build()) {
                assertThrows(Exception.class, () -> WebClient.builder("https://127.0.0.1:" + port).factory(cf)
                        .build().blocking().get("/cn"));
            }
        } finally {
            server.stop().join();
        }
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket ss = new java.net.ServerSocket(0)) {
            return ss.getLocalPort();
        }
    }

    /**
     * Client and peer listeners with different TLS settings. Armeria 1.36 refuses TLS on port-based virtual
     * hosts ("Cannot configure TLS to a port-based virtual host"), so each side is its own Server.
     */
    @Test
    void differentTlsPerListenerAndAutoTlsPeers() throws Exception {
        TlsSettings clientSide = new TlsSettings(fixture(dir, "server.crt"), fixture(dir, "server.key.insecure"),
                null, false, null, false, List.of(), null, null);
        TlsSettings auto = new TlsSettings(null, null, null, true, null, true, List.of(), null, null);
        TlsSettings peerSide = EtcdTls.withAutoTls(auto, dir.resolve("data/fixtures/peer"),
                List.of("127.0.0.1:2380"), null);
        KeyMaterial ck = EtcdTls.keyMaterial(clientSide);
        KeyMaterial pk = EtcdTls.keyMaterial(peerSide);
        Server clientServer = Server.builder().port(0, SessionProtocol.HTTPS)
                .tls(ck.privateKey(), ck.chainArray())
                .tlsCustomizer(EtcdTls.serverCustomizer(clientSide))
                .service("/who", (ctx, req) -> HttpResponse.of("client"))
                .build();
        Server server = Server.builder().port(0, SessionProtocol.HTTPS)
                .tls(pk.privateKey(), pk.chainArray())
                .tlsCustomizer(EtcdTls.serverCustomizer(peerSide))
                .service("/who", (ctx, req) -> HttpResponse.of("peer"))
                .build();
        clientServer.start().join();
        server.start().join();
        int clientPort = clientServer.activeLocalPort(SessionProtocol.HTTPS);
        int peerPort = server.activeLocalPort(SessionProtocol.HTTPS);
        try {
            TlsSettings anonymousCa = new TlsSettings(null, null, fixture(dir, "ca.crt"), false, null, false,
                    List.of(), null, null);
            try (ClientFactory cf = ClientFactory.builder().tlsCustomizer(EtcdTls.clientCustomizer(anonymousCa))
                    .build()) {
                assertEquals("client", WebClient.builder("https://127.0.0.1:" + clientPort).factory(cf).build()
                        .blocking().get("/who").contentUtf8());
                // peer port requires a client certificate (auto TLS + peer-client-cert-auth)
                assertThrows(Exception.class, () -> WebClient.builder("https://127.0.0.1:" + peerPort).factory(cf)
                        .build().blocking().get("/who"));
            }
            TlsSettings otherPeer = EtcdTls.withAutoTls(auto, dir.resolve("data2/fixtures/peer"),
                    List.of("127.0.0.1:2380"), null);
            try (ClientFactory cf = ClientFactory.builder().tlsCustomizer(EtcdTls.clientCustomizer(otherPeer))
                    .build()) {
                assertEquals("peer", WebClient.builder("https://127.0.0.1:" + peerPort).factory(cf).build()
                        .blocking().get("/who").contentUtf8());
            }
        } finally {
            server.stop().join();
            clientServer.stop().join();
        }
    }

    /** Armeria validates HTTP/2-safe ciphers after the customizer: CBC-only lists need tlsAllowUnsafeCiphers(). */
    @Test
    void armeriaAndRestrictedCipherSuites() throws Exception {
        TlsSettings gcm = new TlsSettings(fixture(dir, "server.crt"), fixture(dir, "server.key.insecure"), null,
                false, null, false, List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), null, null);
        TlsSettings cbc = new TlsSettings(fixture(dir, "server.crt"), fixture(dir, "server.key.insecure"), null,
                false, null, false, List.of("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"), null, null);
        KeyMaterial km = EtcdTls.keyMaterial(gcm);
        Server ok = Server.builder().port(0, SessionProtocol.HTTPS).tls(km.privateKey(), km.chainArray())
                .tlsCustomizer(EtcdTls.serverCustomizer(gcm)).service("/", (c, r) -> HttpResponse.of("x")).build();
        ok.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Server.builder()
                .port(0, SessionProtocol.HTTPS).tls(km.privateKey(), km.chainArray())
                .tlsCustomizer(EtcdTls.serverCustomizer(cbc)).service("/", (c, r) -> HttpResponse.of("x")).build());
        assertTrue(e.getMessage().contains("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), e.getMessage());
        Server unsafe = Server.builder().port(0, SessionProtocol.HTTPS).tls(km.privateKey(), km.chainArray())
                .tlsAllowUnsafeCiphers()
                .tlsCustomizer(EtcdTls.serverCustomizer(cbc)).service("/", (c, r) -> HttpResponse.of("x")).build();
        unsafe.close();
    }
}

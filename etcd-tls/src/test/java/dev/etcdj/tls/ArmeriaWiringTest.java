package dev.etcdj.tls;

import static dev.etcdj.tls.TestSupport.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
        KeyMaterial km = EtcdTls.keyMaterial(serverSettings);
        Server server = Server.builder()
                .port(0, SessionProtocol.HTTPS)
                .tls(km.privateKey(), km.chainArray())
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
}

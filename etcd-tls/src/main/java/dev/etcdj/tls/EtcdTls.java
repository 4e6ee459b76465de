package dev.etcdj.tls;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds Netty TLS contexts (or Armeria {@code tlsCustomizer}s) from {@link TlsSettings} the way etcd 3.4's
 * {@code TLSInfo.ServerConfig()/ClientConfig()} do:
 * <ul>
 *   <li>TLS 1.2 minimum (TLS 1.3 also enabled unless {@code --cipher-suites} restricts to TLS 1.2 suites);</li>
 *   <li>server: client certificates required and verified against the trusted CA when {@code clientCertAuth}
 *       or a trusted CA file is set; verified against system roots if no CA file; not verified at all
 *       (any certificate accepted) with auto TLS and no CA file;</li>
 *   <li>client: server verified against the trusted CA (system roots without one, incl. hostname
 *       verification), not verified with auto TLS and no CA (etcd's InsecureSkipVerify for self-signed);
 *       own certificate presented when configured;</li>
 *   <li>CRL ({@code crlFile}): a presented chain containing a revoked serial is refused during the handshake;</li>
 *   <li>allowed CN / hostname: checked on the peer's leaf during the handshake.</li>
 * </ul>
 * All methods throw {@link TlsConfigException} for bad settings or unreadable files.
 */
public final class EtcdTls {
    private static final Logger log = LoggerFactory.getLogger(EtcdTls.class);

    private EtcdTls() {}

    /**
     * Resolves auto TLS like etcd's Config.ClientSelfCert/PeerSelfCert: when {@code autoTls} is set and no
     * cert/key is given, generates (or reuses) a self-signed certificate in {@code dir} (etcd:
     * {@code DATA_DIR/fixtures/client} or {@code DATA_DIR/fixtures/peer}) and returns settings pointing at it.
     * When certificates are given, auto TLS is ignored (with a warning, as etcd) and the returned settings
     * have {@code autoTls=false} (so the given certificates are verified normally). Otherwise returns
     * {@code settings} unchanged.
     */
    public static TlsSettings withAutoTls(TlsSettings settings, Path dir, List<String> hosts, Duration validity) {
        if (!settings.autoTls()) {
            return settings;
        }
        if (settings.certFile() != null || settings.keyFile() != null) {
            log.warn("ignoring auto-tls since certs given");
            return new TlsSettings(settings.certFile(), settings.keyFile(), settings.trustedCaFile(),
                    settings.clientCertAuth(), settings.crlFile(), false, settings.cipherSuites(),
                    settings.allowedCn(), settings.allowedHostname());
        }
        SelfSignedCert c = SelfSignedCert.ensure(dir, hosts, validity);
        return settings.withCertificate(c.certFile(), c.keyFile());
    }

    /** Loads the configured cert/key pair and logs its warnings (e.g. expiry). */
    public static KeyMaterial keyMaterial(TlsSettings settings) {
        KeyMaterial km = PemFiles.loadKeyMaterial(settings.certFile(), settings.keyFile());
        km.warnings().forEach(w -> log.warn("{}", w));
        return km;
    }

    /**
     * A key manager factory for the configured cert/key that re-reads both files whenever they change on
     * disk (etcd reloads certificates for every new connection). The files are loaded and validated now.
     * Use with Armeria's {@code ServerBuilder.tls(KeyManagerFactory)} / {@code ClientFactoryBuilder.tls(...)}.
     *
     * @throws TlsConfigException missing/invalid files, key not matching the certificate
     */
    public static KeyManagerFactory reloadingKeyManagerFactory(TlsSettings settings) {
        return new ReloadingKeyManager(settings.certFile(), settings.keyFile()).factory();
    }

    /**
     * The trust manager the server uses for client certificates, or null when client certificates are not
     * requested (neither {@code clientCertAuth} nor a trusted CA file).
     */
    public static X509ExtendedTrustManager serverTrustManager(TlsSettings s) {
        if (!requiresClientCert(s)) {
            return null;
        }
        return trustManager(s);
    }

    /** The trust manager used to verify servers when connecting out (never null). */
    public static X509ExtendedTrustManager clientTrustManager(TlsSettings s) {
        return trustManager(s);
    }

    /** Whether a server built from {@code s} requires and verifies client certificates. */
    public static boolean requiresClientCert(TlsSettings s) {
        return s.clientCertAuth() || s.trustedCaFile() != null;
    }

    /** Whether peers are not verified at all (auto TLS without a trusted CA, etcd's InsecureSkipVerify). */
    public static boolean trustsAll(TlsSettings s) {
        return s.autoTls() && s.trustedCaFile() == null;
    }

    private static EtcdTrustManager trustManager(TlsSettings s) {
        PeerCertificateCheck check = PeerCertificateCheck.of(s);
        if (trustsAll(s)) {
            return EtcdTrustManager.create(null, s.crlFile(), check);
        }
        if (s.trustedCaFile() == null) {
            return EtcdTrustManager.systemRoots(s.crlFile(), check);
        }
        return EtcdTrustManager.create(s.trustedCaFile(), s.crlFile(), check);
    }

    /**
     * Server-side settings for an {@link SslContextBuilder} (protocols, ciphers, client auth, trust manager)
     * without the key, for Armeria's {@code VirtualHostBuilder/ServerBuilder.tlsCustomizer(...)}. Settings are
     * validated (and CA/CRL files read) now, so errors surface at configuration time.
     */
    public static Consumer<SslContextBuilder> serverCustomizer(TlsSettings s) {
        List<String> ciphers = CipherSuites.toJdkNames(s.cipherSuites());
        String[] protocols = CipherSuites.protocols(ciphers);
        X509ExtendedTrustManager tm = serverTrustManager(s);
        return b -> {
            b.protocols(protocols);
            if (!ciphers.isEmpty()) {
                b.ciphers(ciphers, SupportedCipherSuiteFilter.INSTANCE);
            }
            if (tm != null) {
                b.trustManager(tm);
                b.clientAuth(ClientAuth.REQUIRE);
            } else {
                b.clientAuth(ClientAuth.NONE);
            }
        };
    }

    /**
     * Client-side settings for an {@link SslContextBuilder} (protocols, ciphers, trust manager, endpoint
     * identification, and the own certificate when configured), for Armeria's
     * {@code ClientFactoryBuilder.tlsCustomizer(...)} or {@link #clientContext}.
     */
    public static Consumer<SslContextBuilder> clientCustomizer(TlsSettings s) {
        List<String> ciphers = CipherSuites.toJdkNames(s.cipherSuites());
        String[] protocols = CipherSuites.protocols(ciphers);
        X509ExtendedTrustManager tm = clientTrustManager(s);
        KeyManagerFactory kmf = s.hasCertificate() ? reloadingKeyManagerFactory(s) : null;
        if (kmf == null && (s.certFile() != null || s.keyFile() != null)) {
            PemFiles.loadKeyMaterial(s.certFile(), s.keyFile()); // throws the etcd-like "must both be present"
        }
        boolean insecure = trustsAll(s);
        return b -> {
            b.protocols(protocols);
            if (!ciphers.isEmpty()) {
                b.ciphers(ciphers, SupportedCipherSuiteFilter.INSTANCE);
            }
            b.trustManager(tm);
            if (insecure) {
                b.endpointIdentificationAlgorithm(null);
            }
            if (kmf != null) {
                b.keyManager(kmf);
            }
        };
    }

    /**
     * A standalone server context (ALPN h2, http/1.1) for a listener configured by {@code s}; the certificate
     * is reloaded from disk when the files change.
     *
     * @throws TlsConfigException when no cert/key is configured (call {@link #withAutoTls} first for auto TLS)
     *                            or files are missing/invalid, or a cipher suite is unknown
     */
    public static SslContext serverContext(TlsSettings s) {
        SslContextBuilder b = SslContextBuilder.forServer(reloadingKeyManagerFactory(s));
        serverCustomizer(s).accept(b);
        b.applicationProtocolConfig(alpn());
        try {
            return b.build();
        } catch (SSLException | RuntimeException e) {
            throw new TlsConfigException("cannot create server TLS context: " + e.getMessage(), e);
        }
    }

    /** A standalone client context (ALPN h2, http/1.1) for outgoing connections (peers, gateway, proxy). */
    public static SslContext clientContext(TlsSettings s) {
        SslContextBuilder b = SslContextBuilder.forClient();
        clientCustomizer(s).accept(b);
        b.applicationProtocolConfig(alpn());
        try {
            return b.build();
        } catch (SSLException | RuntimeException e) {
            throw new TlsConfigException("cannot create client TLS context: " + e.getMessage(), e);
        }
    }

    private static ApplicationProtocolConfig alpn() {
        return new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1);
    }
}

package dev.etcdj.cli.transport;

import dev.etcdj.tls.KeyMaterial;
import dev.etcdj.tls.PemFiles;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The client side of TLS as etcdctl configures it: the CA bundle of --cacert (else the system's roots),
 * the client certificate of --cert/--key, or no verification of the server with --insecure-skip-tls-verify.
 * The server's host name is checked by {@link ServerTrust}.
 */
public record ClientTls(SSLSocketFactory socketFactory) {

    /**
     * @param cacert a PEM CA bundle, or null for the system's roots
     * @param cert a PEM certificate (chain), or null for none
     * @param key its PEM private key (PKCS#8, PKCS#1 or SEC1)
     * @throws dev.etcdj.tls.TlsConfigException for unreadable or mismatched files
     */
    public static ClientTls of(Path cacert, Path cert, Path key, boolean skipVerify) throws GeneralSecurityException {
        KeyManager[] keys = null;
        if (cert != null && key != null) {
            keys = new KeyManager[] {new SingleKey(PemFiles.loadKeyMaterial(cert, key))};
        }
        TrustManager[] trust = skipVerify
                ? new TrustManager[] {new TrustAll()}
                : new TrustManager[] {new ServerTrust(pkix(cacert == null ? null : PemFiles.readCertificates(cacert)))};
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(keys, trust, null);
        return new ClientTls(ctx.getSocketFactory());
    }

    /** The JDK's chain validation against {@code roots}, or the system's roots when null. */
    private static X509TrustManager pkix(List<X509Certificate> roots) throws GeneralSecurityException {
        KeyStore ks = null;
        if (roots != null) {
            try {
                ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
            } catch (java.io.IOException e) {
                throw new GeneralSecurityException(e.getMessage(), e);
            }
            for (int i = 0; i < roots.size(); i++) {
                ks.setCertificateEntry("ca" + i, roots.get(i));
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /**
     * Offers the one client certificate whatever the server asks for, as Go's client does (the JDK's key
     * managers only offer one from an issuer the server names). Also spares a key store, whose PKCS#12
     * key encryption costs start-up time.
     */
    private static final class SingleKey extends javax.net.ssl.X509ExtendedKeyManager {
        private static final String ALIAS = "client";
        private final KeyMaterial key;

        SingleKey(KeyMaterial key) {
            this.key = key;
        }

        @Override
        public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers, java.net.Socket socket) {
            return ALIAS;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, java.security.Principal[] issuers, javax.net.ssl.SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, java.security.Principal[] issuers, java.net.Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return key.chainArray();
        }

        @Override
        public java.security.PrivateKey getPrivateKey(String alias) {
            return key.privateKey();
        }
    }

    /** Accepts any server certificate, as Go's InsecureSkipVerify; extended, so that the JDK adds no host name check. */
    private static final class TrustAll extends javax.net.ssl.X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

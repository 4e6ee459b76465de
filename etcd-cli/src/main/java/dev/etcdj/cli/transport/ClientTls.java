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

/**
 * The client side of TLS as etcdctl configures it: the CA bundle of --cacert (else the system's roots),
 * the client certificate of --cert/--key, or no verification of the server with --insecure-skip-tls-verify.
 */
public record ClientTls(SSLSocketFactory socketFactory, boolean verifyServer) {

    /**
     * @param cacert a PEM CA bundle, or null for the system's roots
     * @param cert a PEM certificate (chain), or null for none
     * @param key its PEM private key (PKCS#8, PKCS#1 or SEC1)
     * @throws dev.etcdj.tls.TlsConfigException for unreadable or mismatched files
     */
    public static ClientTls of(Path cacert, Path cert, Path key, boolean skipVerify) throws GeneralSecurityException {
        KeyManager[] keys = null;
        if (cert != null && key != null) {
            KeyMaterial km = PemFiles.loadKeyMaterial(cert, key);
            keys = km.keyManagerFactory().getKeyManagers();
        }
        TrustManager[] trust = null;
        if (skipVerify) {
            trust = new TrustManager[] {new TrustAll()};
        } else if (cacert != null) {
            trust = trustManagers(PemFiles.readCertificates(cacert));
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(keys, trust, null);
        return new ClientTls(ctx.getSocketFactory(), !skipVerify);
    }

    private static TrustManager[] trustManagers(List<X509Certificate> roots) throws GeneralSecurityException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            for (int i = 0; i < roots.size(); i++) {
                ks.setCertificateEntry("ca" + i, roots.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            return tmf.getTrustManagers();
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
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

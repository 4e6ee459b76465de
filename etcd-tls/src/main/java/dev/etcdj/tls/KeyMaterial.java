package dev.etcdj.tls;

import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;

/**
 * A private key with its certificate chain (leaf first), plus non-fatal warnings found while loading
 * (for example an expired certificate). Callers should log {@link #warnings()}.
 */
public record KeyMaterial(PrivateKey privateKey, List<X509Certificate> chain, List<String> warnings) {

    public KeyMaterial {
        chain = List.copyOf(chain);
        warnings = List.copyOf(warnings);
    }

    /** The leaf certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** The chain as an array (for Armeria's {@code tls(PrivateKey, X509Certificate...)}). */
    public X509Certificate[] chainArray() {
        return chain.toArray(new X509Certificate[0]);
    }

    /** A key manager factory holding only this key pair. */
    public KeyManagerFactory keyManagerFactory() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            char[] pw = new char[0];
            ks.setKeyEntry("key", privateKey, pw, chainArray());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            return kmf;
        } catch (Exception e) {
            throw new TlsConfigException("cannot build key manager: " + e.getMessage(), e);
        }
    }
}

package dev.etcdj.tls;

import io.netty.handler.ssl.OpenSslCertificateException;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trust manager used for both directions: chain verification against the trusted CA file (or none, for
 * auto-TLS peers like etcd's InsecureSkipVerify), then CRL serial check (etcd's checkCRL: any certificate
 * of the presented chain whose serial is listed is refused) and the allowed-CN/hostname check.
 */
final class EtcdTrustManager extends X509ExtendedTrustManager {
    /** OpenSSL's X509_V_ERR_CERT_REJECTED: BoringSSL answers it with the bad_certificate alert. */
    private static final int X509_V_ERR_CERT_REJECTED = 28;
    private final X509ExtendedTrustManager delegate; // null = trust everything (auto TLS)
    private final X509Certificate[] acceptedIssuers;
    private final Path crlFile;
    private final PeerCertificateCheck peerCheck;

    private volatile FileTime crlStamp;
    private volatile Set<BigInteger> revoked = Set.of();

    EtcdTrustManager(X509ExtendedTrustManager delegate, X509Certificate[] acceptedIssuers, Path crlFile,
            PeerCertificateCheck peerCheck) {
        this.delegate = delegate;
        this.acceptedIssuers = acceptedIssuers;
        this.crlFile = crlFile;
        this.peerCheck = peerCheck;
        if (crlFile != null) {
            loadCrl(); // fail fast on a missing or broken CRL
        }
    }

    /** A trust manager trusting the CA certificates of {@code caFile} (null CA file = trust all). */
    static EtcdTrustManager create(Path caFile, Path crlFile, PeerCertificateCheck check) {
        if (caFile == null) {
            return new EtcdTrustManager(null, new X509Certificate[0], crlFile, check);
        }
        List<X509Certificate> cas = PemFiles.readCertificates(caFile);
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (X509Certificate ca : cas) {
                ks.setCertificateEntry("ca" + i++, ca);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    return new EtcdTrustManager(x, cas.toArray(new X509Certificate[0]), crlFile, check);
                }
            }
            throw new TlsConfigException("no X509 trust manager available");
        } catch (TlsConfigException e) {
            throw e;
        } catch (Exception e) {
            throw new TlsConfigException("cannot use trusted CA file " + caFile + ": " + e.getMessage(), e);
        }
    }

    /** Verification against the JVM's default trust store (Go: system roots when no CA file is given). */
    static EtcdTrustManager systemRoots(Path crlFile, PeerCertificateCheck check) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    return new EtcdTrustManager(x, x.getAcceptedIssuers(), crlFile, check);
                }
            }
            throw new TlsConfigException("no X509 trust manager available");
        } catch (java.security.GeneralSecurityException e) {
            throw new TlsConfigException("cannot load system trust store: " + e.getMessage(), e);
        }
    }

    private Set<BigInteger> loadCrl() {
        try {
            FileTime stamp = Files.getLastModifiedTime(crlFile);
            if (!stamp.equals(crlStamp)) {
                X509CRL crl = PemFiles.readCrl(crlFile);
                Set<BigInteger> s = new HashSet<>();
                Set<? extends X509CRLEntry> entries = crl.getRevokedCertificates();
                if (entries != null) {
                    for (X509CRLEntry e : entries) {
                        s.add(e.getSerialNumber());
                    }
                }
                revoked = Set.copyOf(s);
                crlStamp = stamp;
            }
            return revoked;
        } catch (java.io.IOException e) {
            throw new TlsConfigException("open " + crlFile + ": no such file or directory", e);
        }
    }

    /**
     * Refusals by etcd's own checks (CRL, allowed CN/hostname) end the handshake with the
     * bad_certificate alert, as Go's TLS stack answers a failed peer verification; without the
     * error code BoringSSL would send internal_error.
     */
    private void extraChecks(X509Certificate[] chain) throws CertificateException {
        try {
            etcdChecks(chain);
        } catch (CertificateException e) {
            throw new OpenSslCertificateException(e.getMessage(), e, X509_V_ERR_CERT_REJECTED);
        }
    }

    private void etcdChecks(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("no peer certificate");
        }
        if (crlFile != null) {
            Set<BigInteger> rev;
            try {
                rev = loadCrl();
            } catch (TlsConfigException e) {
                throw new CertificateException(e.getMessage(), e);
            }
            for (X509Certificate c : chain) {
                if (rev.contains(c.getSerialNumber())) {
                    throw new CertificateException("transport: certificate serial "
                            + c.getSerialNumber().toString(16) + " revoked");
                }
            }
        }
        peerCheck.verify(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (delegate != null) {
            delegate.checkClientTrusted(chain, authType);
        }
        extraChecks(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (delegate != null) {
            delegate.checkServerTrusted(chain, authType);
        }
        extraChecks(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        if (delegate != null) {
            delegate.checkClientTrusted(chain, authType, socket);
        }
        extraChecks(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        if (delegate != null) {
            delegate.checkServerTrusted(chain, authType, socket);
        }
        extraChecks(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        if (delegate != null) {
            delegate.checkClientTrusted(chain, authType, engine);
        }
        extraChecks(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        if (delegate != null) {
            delegate.checkServerTrusted(chain, authType, engine);
        }
        extraChecks(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return acceptedIssuers.clone();
    }


}

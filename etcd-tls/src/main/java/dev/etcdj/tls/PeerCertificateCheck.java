package dev.etcdj.tls;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * etcd's {@code --peer-cert-allowed-cn} / {@code --peer-cert-allowed-hostname}: the remote leaf certificate
 * must have exactly the allowed CN, or (hostname mode) a DNS/IP SAN matching the allowed hostname in the way
 * of Go's {@code x509.Certificate.VerifyHostname} (wildcards match one label; no CN fallback).
 * The same check is applied during the handshake by the trust managers of {@link EtcdTls}.
 */
public final class PeerCertificateCheck {
    static final String FAILURE = "client certificate authentication failed";

    private final String allowedCn;
    private final String allowedHostname;

    private PeerCertificateCheck(String allowedCn, String allowedHostname) {
        this.allowedCn = allowedCn;
        this.allowedHostname = allowedHostname;
    }

    /**
     * Creates a check; both arguments null/empty gives a check that accepts everything.
     *
     * @throws TlsConfigException when both are set (they are mutually exclusive in etcd)
     */
    public static PeerCertificateCheck of(String allowedCn, String allowedHostname) {
        String cn = allowedCn == null || allowedCn.isEmpty() ? null : allowedCn;
        String host = allowedHostname == null || allowedHostname.isEmpty() ? null : allowedHostname;
        if (cn != null && host != null) {
            throw new TlsConfigException("AllowedCN and AllowedHostname are mutually exclusive (cn=\"" + cn
                    + "\", hostname=\"" + host + "\")");
        }
        return new PeerCertificateCheck(cn, host);
    }

    /** The check configured by {@code settings}. */
    public static PeerCertificateCheck of(TlsSettings settings) {
        return of(settings.allowedCn(), settings.allowedHostname());
    }

    /** True when no restriction is configured. */
    public boolean isNoop() {
        return allowedCn == null && allowedHostname == null;
    }

    /** Whether the (already chain-verified) leaf certificate is allowed. */
    public boolean matches(X509Certificate leaf) {
        if (isNoop()) {
            return true;
        }
        if (leaf == null) {
            return false;
        }
        if (allowedCn != null) {
            return allowedCn.equals(CertificateCn.of(leaf));
        }
        return CertificateHostname.matches(leaf, allowedHostname);
    }

    /**
     * Checks the leaf (first element) of a peer chain, e.g. {@code (X509Certificate[]) sslSession.getPeerCertificates()}.
     *
     * @throws CertificateException "client certificate authentication failed" when it is not allowed
     */
    public void verify(X509Certificate[] chain) throws CertificateException {
        if (isNoop()) {
            return;
        }
        if (chain == null || chain.length == 0 || !matches(chain[0])) {
            throw new CertificateException(FAILURE);
        }
    }
}

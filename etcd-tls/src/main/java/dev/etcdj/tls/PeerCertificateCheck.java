package dev.etcdj.tls;

import java.net.InetAddress;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

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
        return hostnameMatches(leaf, allowedHostname);
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

    static boolean hostnameMatches(X509Certificate cert, String host) {
        String h = host.trim();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        List<List<?>> sans = sans(cert);
        if (SelfSignedCert.isIpLiteral(h)) {
            byte[] want;
            try {
                want = InetAddress.getByName(h).getAddress();
            } catch (Exception e) {
                return false;
            }
            for (List<?> san : sans) {
                if (((Integer) san.get(0)) == 7) {
                    try {
                        if (java.util.Arrays.equals(want, InetAddress.getByName((String) san.get(1)).getAddress())) {
                            return true;
                        }
                    } catch (Exception ignored) {
                        // unparsable SAN
                    }
                }
            }
            return false;
        }
        String name = h.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        for (List<?> san : sans) {
            if (((Integer) san.get(0)) == 2) {
                String pattern = ((String) san.get(1)).toLowerCase(Locale.ROOT);
                if (pattern.endsWith(".")) {
                    pattern = pattern.substring(0, pattern.length() - 1);
                }
                if (dnsMatches(pattern, name)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean dnsMatches(String pattern, String name) {
        if (pattern.isEmpty() || name.isEmpty()) {
            return false;
        }
        if (!pattern.startsWith("*.")) {
            return pattern.equals(name);
        }
        int dot = name.indexOf('.');
        return dot > 0 && name.substring(dot).equals(pattern.substring(1));
    }

    private static List<List<?>> sans(X509Certificate cert) {
        try {
            Collection<List<?>> c = cert.getSubjectAlternativeNames();
            return c == null ? List.of() : List.copyOf(c);
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }
}

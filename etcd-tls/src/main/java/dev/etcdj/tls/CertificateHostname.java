package dev.etcdj.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Whether a certificate is valid for a host name, by the rules of Go's {@code x509.Certificate.VerifyHostname}:
 * an IP literal must be one of the IP SANs, a name one of the DNS SANs, where a wildcard matches one label;
 * the subject CN is never used.
 */
public final class CertificateHostname {
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    private CertificateHostname() {}

    public static boolean matches(X509Certificate cert, String host) {
        String h = unbracketed(host.trim());
        if (isIpLiteral(h)) {
            byte[] want = address(h);
            for (String ip : values(cert, IP_ADDRESS)) {
                if (want != null && Arrays.equals(want, address(ip))) {
                    return true;
                }
            }
            return false;
        }
        String name = withoutTrailingDot(h.toLowerCase(Locale.ROOT));
        for (String san : values(cert, DNS_NAME)) {
            if (dnsMatches(withoutTrailingDot(san.toLowerCase(Locale.ROOT)), name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @throws CertificateException with Go's text ("x509: certificate is valid for a, b, not c") when
     *     {@code cert} is not valid for {@code host}
     */
    public static void verify(X509Certificate cert, String host) throws CertificateException {
        if (matches(cert, host)) {
            return;
        }
        String h = unbracketed(host.trim());
        List<String> dns = values(cert, DNS_NAME);
        List<String> ips = values(cert, IP_ADDRESS);
        if (dns.isEmpty() && ips.isEmpty() && dnsMatches(CertificateCn.of(cert).toLowerCase(Locale.ROOT),
                withoutTrailingDot(h.toLowerCase(Locale.ROOT)))) {
            throw new CertificateException("x509: certificate relies on legacy Common Name field, use SANs instead");
        }
        List<String> valid = dns;
        if (isIpLiteral(h)) {
            if (ips.isEmpty()) {
                throw new CertificateException("x509: cannot validate certificate for " + h
                        + " because it doesn't contain any IP SANs");
            }
            valid = ips;
        }
        if (valid.isEmpty()) {
            throw new CertificateException("x509: certificate is not valid for any names, but wanted to match " + h);
        }
        throw new CertificateException("x509: certificate is valid for " + String.join(", ", valid) + ", not " + h);
    }

    /** An IPv6 literal (it has a colon) or a dotted quad of up to three digits each, as a host of a URL. */
    public static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        int dots = 0;
        int digits = 0;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c == '.') {
                if (digits == 0) {
                    return false;
                }
                dots++;
                digits = 0;
            } else if (c >= '0' && c <= '9' && digits < 3) {
                digits++;
            } else {
                return false;
            }
        }
        return dots == 3 && digits > 0;
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

    private static String unbracketed(String h) {
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    private static String withoutTrailingDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static byte[] address(String ipLiteral) {
        try {
            return InetAddress.getByName(ipLiteral).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static List<String> values(X509Certificate cert, int type) {
        Collection<List<?>> sans;
        try {
            sans = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (sans != null) {
            for (List<?> san : sans) {
                if ((Integer) san.get(0) == type) {
                    out.add((String) san.get(1));
                }
            }
        }
        return out;
    }
}

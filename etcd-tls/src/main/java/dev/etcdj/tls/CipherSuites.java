package dev.etcdj.tls;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Maps Go crypto/tls cipher-suite names ({@code --cipher-suites}) to JDK/IANA names understood by Netty. */
public final class CipherSuites {
    private CipherSuites() {}

    private static final Map<String, String> GO_TO_JDK = new LinkedHashMap<>();
    static final Set<String> TLS13 = Set.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256");

    static {
        for (String s : List.of(
                // tls.CipherSuites()
                "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
                "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
                // tls.InsecureCipherSuites()
                "TLS_RSA_WITH_RC4_128_SHA", "TLS_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_RSA_WITH_AES_128_CBC_SHA",
                "TLS_RSA_WITH_AES_256_CBC_SHA", "TLS_RSA_WITH_AES_128_CBC_SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256",
                "TLS_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA", "TLS_ECDHE_RSA_WITH_RC4_128_SHA",
                "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
                "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256")) {
            GO_TO_JDK.put(s, s); // Go uses the IANA names, as does the JDK
        }
        // legacy Go aliases accepted by etcd's tlsutil.GetCipherSuite
        GO_TO_JDK.put("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
        GO_TO_JDK.put("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
    }

    /**
     * Maps Go names to JDK names, keeping order and dropping duplicates.
     *
     * @throws TlsConfigException {@code unexpected TLS cipher suite "NAME"} for an unknown name
     */
    public static List<String> toJdkNames(List<String> goNames) {
        List<String> out = new ArrayList<>();
        if (goNames == null) {
            return out;
        }
        for (String g : goNames) {
            String name = g == null ? "" : g.trim();
            String jdk = GO_TO_JDK.get(name);
            if (jdk == null) {
                throw new TlsConfigException("unexpected TLS cipher suite \"" + name + "\"");
            }
            if (!out.contains(jdk)) {
                out.add(jdk);
            }
        }
        return out;
    }

    /**
     * TLS protocol versions to enable: TLSv1.3 and TLSv1.2 by default (etcd: TLS 1.2 minimum); when cipher
     * suites are restricted to TLS 1.2 suites only TLSv1.2 (otherwise the restriction would be bypassed by a
     * TLS 1.3 handshake, whose suites cannot be restricted this way — as with Go 1.12, which etcd 3.4 used).
     */
    static String[] protocols(List<String> jdkCiphers) {
        if (jdkCiphers.isEmpty() || jdkCiphers.stream().anyMatch(TLS13::contains)) {
            return new String[] {"TLSv1.3", "TLSv1.2"};
        }
        return new String[] {"TLSv1.2"};
    }
}

package dev.etcdj.tls;

import java.nio.file.Path;
import java.util.List;

/**
 * TLS configuration of one listener side (client or peer), mirroring etcd 3.4's TLSInfo and flags
 * ({@code --cert-file}, {@code --key-file}, {@code --trusted-ca-file}, {@code --client-cert-auth},
 * {@code --client-crl-file}, {@code --auto-tls}, {@code --cipher-suites}, {@code --peer-cert-allowed-cn},
 * {@code --peer-cert-allowed-hostname}). Paths and strings may be null; {@code cipherSuites} null is
 * treated as empty.
 */
public record TlsSettings(
        Path certFile,
        Path keyFile,
        Path trustedCaFile,
        boolean clientCertAuth,
        Path crlFile,
        boolean autoTls,
        List<String> cipherSuites,
        String allowedCn,
        String allowedHostname) {

    public TlsSettings {
        cipherSuites = cipherSuites == null ? List.of() : List.copyOf(cipherSuites);
        allowedCn = allowedCn == null || allowedCn.isEmpty() ? null : allowedCn;
        allowedHostname = allowedHostname == null || allowedHostname.isEmpty() ? null : allowedHostname;
    }

    /** No TLS at all. */
    public static TlsSettings none() {
        return new TlsSettings(null, null, null, false, null, false, List.of(), null, null);
    }

    /** Like etcd's TLSInfo.Empty(): no certificate configured and no auto TLS requested. */
    public boolean isEmpty() {
        return certFile == null && keyFile == null && !autoTls;
    }

    /** True when a certificate/key pair is configured (possibly produced by auto TLS). */
    public boolean hasCertificate() {
        return certFile != null && keyFile != null;
    }

    /** Returns a copy with the given certificate and key files. */
    public TlsSettings withCertificate(Path cert, Path key) {
        return new TlsSettings(cert, key, trustedCaFile, clientCertAuth, crlFile, autoTls, cipherSuites,
                allowedCn, allowedHostname);
    }
}

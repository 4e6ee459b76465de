package dev.etcdj.tls;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key manager serving the configured cert/key pair and re-reading both files when either changes on disk
 * (etcd reloads its certificate on every new TLS connection, which lets operators rotate certificates
 * without a restart). A failed reload keeps the previous pair and logs a warning.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {
    private static final Logger log = LoggerFactory.getLogger(ReloadingKeyManager.class);
    static final String ALIAS = "etcd";

    private final Path certFile;
    private final Path keyFile;
    private volatile KeyMaterial current;
    private volatile List<FileTime> stamps;

    ReloadingKeyManager(Path certFile, Path keyFile) {
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.stamps = stamps();
        this.current = load();
    }

    private KeyMaterial load() {
        KeyMaterial km = PemFiles.loadKeyMaterial(certFile, keyFile);
        km.warnings().forEach(w -> log.warn("{}", w));
        return km;
    }

    private List<FileTime> stamps() {
        try {
            return List.of(Files.getLastModifiedTime(certFile), Files.getLastModifiedTime(keyFile),
                    FileTime.fromMillis(Files.size(certFile)), FileTime.fromMillis(Files.size(keyFile)));
        } catch (Exception e) {
            return List.of();
        }
    }

    /** The pair in use, re-read first if the files changed. */
    KeyMaterial current() {
        List<FileTime> now = stamps();
        if (!now.isEmpty() && !Objects.equals(now, stamps)) {
            synchronized (this) {
                if (!Objects.equals(now, stamps)) {
                    try {
                        current = load();
                        log.info("reloaded TLS certificate {} and key {}", certFile, keyFile);
                    } catch (TlsConfigException e) {
                        log.warn("failed to reload TLS certificate {} / key {}, keeping the previous one: {}",
                                certFile, keyFile, e.getMessage());
                    }
                    stamps = now;
                }
            }
        }
        return current;
    }

    private String aliasFor(String[] keyTypes) {
        if (keyTypes == null) {
            return ALIAS;
        }
        for (String t : keyTypes) {
            if (keyTypeMatches(t)) {
                return ALIAS;
            }
        }
        return null;
    }

    private boolean keyTypeMatches(String keyType) {
        if (keyType == null) {
            return true;
        }
        String alg = current().privateKey().getAlgorithm();
        String norm = alg.equals("ECDSA") ? "EC" : alg;
        String want = keyType.equals("EC_EC") || keyType.equals("EC_RSA") ? "EC" : keyType;
        return norm.equalsIgnoreCase(want) || (norm.equals("EdDSA") && want.equals("Ed25519"));
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return keyTypeMatches(keyType) ? new String[] {ALIAS} : null;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return aliasFor(keyTypes); // like Go: always present our certificate, whatever CAs the server names
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyTypes);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return keyTypeMatches(keyType) ? new String[] {ALIAS} : null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return keyTypeMatches(keyType) ? ALIAS : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return keyTypeMatches(keyType) ? ALIAS : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? current().chainArray() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? current().privateKey() : null;
    }

    /** Wraps this key manager in a KeyManagerFactory (for Netty/Armeria APIs that take a factory). */
    KeyManagerFactory factory() {
        return new Factory(this);
    }

    private static final class Factory extends KeyManagerFactory {
        private static final Provider PROVIDER = new Provider("etcdj-tls", "1.0", "reloading key manager") {
            private static final long serialVersionUID = 1L;
        };

        Factory(KeyManager km) {
            super(new KeyManagerFactorySpi() {
                @Override
                protected void engineInit(KeyStore ks, char[] password) {}

                @Override
                protected void engineInit(ManagerFactoryParameters spec) {}

                @Override
                protected KeyManager[] engineGetKeyManagers() {
                    return new KeyManager[] {km};
                }
            }, PROVIDER, "etcdj");
        }
    }
}

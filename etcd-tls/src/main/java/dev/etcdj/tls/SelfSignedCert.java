package dev.etcdj.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Auto TLS (etcd's {@code --auto-tls} / {@code --peer-auto-tls}): a self-signed ECDSA certificate in
 * {@code DIR/cert.pem} with its SEC1 key in {@code DIR/key.pem} (mode 0600), like etcd's transport.SelfCert,
 * with EKU serverAuth+clientAuth. Unlike etcd (P-521) the curve is P-256: BoringSSL/netty-tcnative, which
 * Armeria uses by default, does not negotiate P-521 signatures. Existing P-521 files (e.g. written by a real
 * etcd into the same data dir) are therefore regenerated rather than reused.
 * etcd uses {@code DATA_DIR/fixtures/client} and {@code DATA_DIR/fixtures/peer}.
 *
 * @param certFile  {@code DIR/cert.pem}
 * @param keyFile   {@code DIR/key.pem}
 * @param generated true when this call created the files, false when existing valid files were reused
 */
public record SelfSignedCert(Path certFile, Path keyFile, boolean generated) {
    private static final Logger log = LoggerFactory.getLogger(SelfSignedCert.class);

    /** etcd's default validity of self-signed certificates (1 year). */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(365);

    /**
     * Returns the certificate in {@code dir}, generating it when absent, unreadable, mismatched or expired.
     *
     * @param hosts host names or IPs, optionally with a port ({@code host:port}, {@code [::1]:2380}) or as
     *              URLs ({@code https://10.0.0.1:2379}); IPs become IP SANs, the rest DNS SANs
     * @param validity how long a new certificate is valid ({@link #DEFAULT_VALIDITY} when null)
     * @throws TlsConfigException when the directory or files cannot be created
     */
    public static synchronized SelfSignedCert ensure(Path dir, List<String> hosts, Duration validity) {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        if (Files.isRegularFile(cert) && Files.isRegularFile(key)) {
            try {
                KeyMaterial km = PemFiles.loadKeyMaterial(cert, key);
                if (km.warnings().isEmpty() && !isP521(km)) {
                    return new SelfSignedCert(cert, key, false);
                }
                log.warn("regenerating self-signed certificate in {}: {}", dir, km.warnings());
            } catch (TlsConfigException e) {
                log.warn("regenerating unusable self-signed certificate in {}: {}", dir, e.getMessage());
            }
        }
        generate(dir, cert, key, hosts == null ? List.of() : hosts, validity == null ? DEFAULT_VALIDITY : validity);
        return new SelfSignedCert(cert, key, true);
    }

    private static boolean isP521(KeyMaterial km) {
        return km.certificate().getPublicKey() instanceof java.security.interfaces.ECPublicKey ec
                && ec.getParams().getCurve().getField().getFieldSize() > 384;
    }

    /** Strips scheme/port/brackets from a host spec. Returns null for empty input. */
    static String hostOf(String spec) {
        String s = spec.trim();
        if (s.isEmpty()) {
            return null;
        }
        if (s.contains("://")) {
            String h = URI.create(s).getHost();
            s = h == null ? s : h;
        } else if (s.startsWith("[")) {
            int end = s.indexOf(']');
            s = end > 0 ? s.substring(1, end) : s;
        } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            s = s.substring(0, s.indexOf(':'));
        }
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        return s.isEmpty() ? null : s;
    }

    private static void generate(Path dir, Path certPath, Path keyPath, List<String> hosts, Duration validity) {
        try {
            Files.createDirectories(dir);
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
            kpg.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair kp = kpg.generateKeyPair();

            Set<String> seen = new LinkedHashSet<>();
            List<GeneralName> sans = new ArrayList<>();
            for (String spec : hosts) {
                String h = hostOf(spec);
                if (h == null || !seen.add(h)) {
                    continue;
                }
                if (CertificateHostname.isIpLiteral(h)) {
                    sans.add(new GeneralName(GeneralName.iPAddress,
                            new org.bouncycastle.asn1.DEROctetString(InetAddress.getByName(h).getAddress())));
                } else {
                    sans.add(new GeneralName(GeneralName.dNSName, h));
                }
            }
            Instant now = Instant.now();
            BigInteger serial = new BigInteger(128, new SecureRandom());
            var subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "etcd").build();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial,
                    Date.from(now.minusSeconds(60)), Date.from(now.plus(validity)), subject, kp.getPublic());
            b.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.keyEncipherment | KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            if (!sans.isEmpty()) {
                b.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(sans.toArray(new GeneralName[0])));
            }
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));

            StringWriter cw = new StringWriter();
            try (JcaPEMWriter w = new JcaPEMWriter(cw)) {
                w.writeObject(cert);
            }
            // SEC1 "EC PRIVATE KEY", as Go's x509.MarshalECPrivateKey
            PrivateKeyInfo pki = PrivateKeyInfo.getInstance(kp.getPrivate().getEncoded());
            ECPrivateKey bare = ECPrivateKey.getInstance(pki.parsePrivateKey());
            ECPrivateKey sec1 = new ECPrivateKey(256, bare.getKey(),
                    SubjectPublicKeyInfo.getInstance(kp.getPublic().getEncoded()).getPublicKeyData(),
                    pki.getPrivateKeyAlgorithm().getParameters());
            StringWriter kw = new StringWriter();
            try (JcaPEMWriter w = new JcaPEMWriter(kw)) {
                w.writeObject(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
            }
            writeAtomically(keyPath, kw.toString(), true);
            writeAtomically(certPath, cw.toString(), false);
            log.info("created self-signed cert {} and key {} (SANs {})", certPath, keyPath, seen);
        } catch (IOException e) {
            throw new TlsConfigException("cannot create self-signed certificate in " + dir + ": " + e.getMessage(), e);
        } catch (TlsConfigException e) {
            throw e;
        } catch (Exception e) {
            throw new TlsConfigException("cannot generate self-signed certificate: " + e.getMessage(), e);
        }
    }

    private static void writeAtomically(Path target, String content, boolean secret) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp);
        if (secret) {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // non-POSIX file system
            }
        }
        Files.write(tmp, content.getBytes(StandardCharsets.US_ASCII));
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

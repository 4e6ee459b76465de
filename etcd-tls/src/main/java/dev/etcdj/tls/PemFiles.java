package dev.etcdj.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/** Loading of PEM certificates, private keys (PKCS#8, PKCS#1 RSA, SEC1 EC) and CRLs. */
public final class PemFiles {
    private PemFiles() {}

    /** Reads a file, mapping I/O failures to Go-like messages ("open PATH: no such file or directory"). */
    static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new TlsConfigException("open " + path + ": no such file or directory", e);
        } catch (AccessDeniedException e) {
            throw new TlsConfigException("open " + path + ": permission denied", e);
        } catch (IOException e) {
            if (Files.isDirectory(path)) {
                throw new TlsConfigException("read " + path + ": is a directory", e);
            }
            throw new TlsConfigException("open " + path + ": " + e.getMessage(), e);
        }
    }

    private static List<PemObject> pemObjects(byte[] data) {
        List<PemObject> out = new ArrayList<>();
        try (PemReader r = new PemReader(new StringReader(new String(data, StandardCharsets.US_ASCII)))) {
            PemObject o;
            while ((o = r.readPemObject()) != null) {
                out.add(o);
            }
        } catch (IOException | RuntimeException e) {
            // malformed trailing data: keep what was parsed
        }
        return out;
    }

    /** All certificates of a PEM file (a chain: leaf first). */
    public static List<X509Certificate> readCertificates(Path path) {
        byte[] data = read(path);
        List<X509Certificate> plain = JdkPem.certificates(data);
        if (plain != null) {
            return plain;
        }
        List<X509Certificate> certs = parseCertificates(data);
        if (certs.isEmpty()) {
            throw new TlsConfigException("tls: failed to find any PEM data in certificate input (" + path + ")");
        }
        return certs;
    }

    static List<X509Certificate> parseCertificates(byte[] data) {
        List<X509Certificate> certs = new ArrayList<>();
        for (PemObject o : pemObjects(data)) {
            if (!"CERTIFICATE".equals(o.getType())) {
                continue;
            }
            try {
                CertificateFactory cf = CertificateFactory.getInstance("X.509");
                certs.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(o.getContent())));
            } catch (CertificateException e) {
                throw new TlsConfigException("x509: malformed certificate: " + e.getMessage(), e);
            }
        }
        return certs;
    }

    /** Reads the first private key of a PEM file: "PRIVATE KEY", "RSA PRIVATE KEY" or "EC PRIVATE KEY". */
    public static PrivateKey readPrivateKey(Path path) {
        byte[] data = read(path);
        PrivateKey plain = JdkPem.privateKey(data);
        if (plain != null) {
            return plain;
        }
        try (PEMParser parser = new PEMParser(new StringReader(new String(data, StandardCharsets.US_ASCII)))) {
            JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
            Object o;
            boolean sawCert = false;
            while (true) {
                try {
                    o = parser.readObject();
                } catch (IOException e) {
                    throw new TlsConfigException("tls: failed to parse private key (" + path + "): " + e.getMessage(), e);
                }
                if (o == null) {
                    break;
                }
                if (o instanceof PEMKeyPair kp) {
                    return conv.getPrivateKey(kp.getPrivateKeyInfo());
                }
                if (o instanceof PrivateKeyInfo pki) {
                    return conv.getPrivateKey(pki);
                }
                if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new TlsConfigException("tls: encrypted private keys are not supported (" + path + ")");
                }
                if (o instanceof org.bouncycastle.cert.X509CertificateHolder) {
                    sawCert = true;
                }
            }
            if (sawCert) {
                throw new TlsConfigException("tls: found a certificate rather than a key in the PEM for the private key (" + path + ")");
            }
            throw new TlsConfigException("tls: failed to find any PEM data in key input (" + path + ")");
        } catch (IOException e) {
            throw new TlsConfigException("tls: failed to parse private key (" + path + "): " + e.getMessage(), e);
        }
    }

    /** Reads a CRL in PEM ("X509 CRL") or DER form. */
    public static X509CRL readCrl(Path path) {
        byte[] data = read(path);
        byte[] der = data;
        for (PemObject o : pemObjects(data)) {
            if ("X509 CRL".equals(o.getType())) {
                der = o.getContent();
                break;
            }
        }
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            return (X509CRL) cf.generateCRL(new ByteArrayInputStream(der));
        } catch (Exception e) {
            throw new TlsConfigException("x509: failed to parse CRL " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads a certificate chain and its key and checks that they belong together (Go's
     * {@code tls.X509KeyPair}). An expired (or not yet valid) leaf yields a warning, not an error.
     */
    public static KeyMaterial loadKeyMaterial(Path certFile, Path keyFile) {
        if (certFile == null || keyFile == null) {
            throw new TlsConfigException("KeyFile and CertFile must both be present[key: "
                    + (keyFile == null ? "" : keyFile) + ", cert: " + (certFile == null ? "" : certFile) + "]");
        }
        List<X509Certificate> chain = readCertificates(certFile);
        PrivateKey key = readPrivateKey(keyFile);
        X509Certificate leaf = chain.get(0);
        if (!matches(key, leaf.getPublicKey())) {
            throw new TlsConfigException("tls: private key does not match public key (cert " + certFile
                    + ", key " + keyFile + ")");
        }
        List<String> warnings = new ArrayList<>();
        Date now = new Date();
        if (leaf.getNotAfter().before(now)) {
            warnings.add("certificate " + certFile + " has expired: notAfter " + leaf.getNotAfter().toInstant());
        } else if (leaf.getNotBefore().after(now)) {
            warnings.add("certificate " + certFile + " is not yet valid: notBefore " + leaf.getNotBefore().toInstant());
        }
        return new KeyMaterial(key, chain, warnings);
    }

    static boolean matches(PrivateKey priv, PublicKey pub) {
        String alg = priv.getAlgorithm();
        if (!alg.equals(pub.getAlgorithm()) && !(alg.equals("EC") && pub.getAlgorithm().equals("ECDSA"))
                && !(alg.equals("ECDSA") && pub.getAlgorithm().equals("EC"))) {
            return false;
        }
        if (priv instanceof RSAPrivateKey rsa && pub instanceof RSAPublicKey rsaPub) {
            // as Go's tls.X509KeyPair: the same modulus (a test signature costs a private-key operation)
            return rsa.getModulus().equals(rsaPub.getModulus());
        }
        String sigAlg = switch (alg) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (sigAlg == null) {
            return true; // unknown key type: let the TLS stack decide
        }
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature s = Signature.getInstance(sigAlg);
            s.initSign(priv);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(sigAlg);
            v.initVerify(pub);
            v.update(probe);
            return v.verify(sig);
        } catch (Exception e) {
            return false;
        }
    }
}

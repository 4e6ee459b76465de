package dev.etcdj.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The common PEM files read with the JDK alone: certificates, and unencrypted PKCS#8, PKCS#1 RSA and
 * SEC1 EC keys. Bouncy Castle's jars are signed, so the JVM can neither archive nor quickly load their
 * classes; a one-shot etcdctl with a client certificate would spend a good part of its life on them.
 * Anything unusual yields null, and {@link PemFiles} falls back to Bouncy Castle.
 */
final class JdkPem {
    private JdkPem() {}

    private static final byte[] RSA_ALGORITHM = hex("300d06092a864886f70d0101010500");
    private static final byte[] EC_PUBLIC_KEY_OID = hex("06072a8648ce3d0201");

    /** A PEM block: its type and decoded content. */
    record Block(String type, byte[] der) {}

    /** The blocks of a PEM file, or null when it has anything but plain blocks (headers, bad base64). */
    static List<Block> blocks(byte[] data) {
        List<Block> out = new ArrayList<>();
        String type = null;
        StringBuilder body = new StringBuilder();
        // split on one char takes String's fast path, not a regex; trim() drops a \r
        for (String line : new String(data, StandardCharsets.US_ASCII).split("\n")) {
            String l = line.trim();
            if (type == null) {
                if (l.startsWith("-----BEGIN ") && l.endsWith("-----")) {
                    type = l.substring(11, l.length() - 5);
                    body.setLength(0);
                }
            } else if (l.equals("-----END " + type + "-----")) {
                try {
                    out.add(new Block(type, Base64.getDecoder().decode(body.toString())));
                } catch (IllegalArgumentException e) {
                    return null;
                }
                type = null;
            } else if (l.indexOf(':') >= 0) {
                return null; // RFC 1421 headers: an encrypted key
            } else {
                body.append(l);
            }
        }
        return type == null ? out : null;
    }

    static List<X509Certificate> certificates(byte[] data) {
        List<Block> blocks = blocks(data);
        if (blocks == null) {
            return null;
        }
        List<X509Certificate> certs = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Block b : blocks) {
                if (b.type().equals("CERTIFICATE")) {
                    certs.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der())));
                }
            }
        } catch (GeneralSecurityException e) {
            return null;
        }
        return certs.isEmpty() ? null : certs;
    }

    /** The first private key of a PEM file, or null. */
    static PrivateKey privateKey(byte[] data) {
        List<Block> blocks = blocks(data);
        if (blocks == null) {
            return null;
        }
        for (Block b : blocks) {
            try {
                switch (b.type()) {
                    case "PRIVATE KEY":
                        return pkcs8(b.der(), "RSA", "EC", "Ed25519", "Ed448");
                    case "RSA PRIVATE KEY":
                        return pkcs8(sequence(tlv(0x02, new byte[] {0}), RSA_ALGORITHM, tlv(0x04, b.der())), "RSA");
                    case "EC PRIVATE KEY":
                        byte[] curve = sec1Curve(b.der());
                        return curve == null ? null : pkcs8(sequence(tlv(0x02, new byte[] {0}),
                                sequence(EC_PUBLIC_KEY_OID, curve), tlv(0x04, b.der())), "EC");
                    default:
                        break;
                }
            } catch (RuntimeException e) {
                return null;
            }
        }
        return null;
    }

    private static PrivateKey pkcs8(byte[] der, String... algorithms) {
        for (String alg : algorithms) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not this algorithm
            }
        }
        return null;
    }

    /** The named-curve OID (as a whole TLV) of a SEC1 ECPrivateKey, or null. */
    private static byte[] sec1Curve(byte[] der) {
        int[] pos = {0};
        if ((der[pos[0]++] & 0xff) != 0x30) {
            return null;
        }
        int end = length(der, pos) + pos[0];
        while (pos[0] < end) {
            int tag = der[pos[0]++] & 0xff;
            int len = length(der, pos);
            if (tag == 0xa0 && len > 2 && der[pos[0]] == 0x06) {
                return java.util.Arrays.copyOfRange(der, pos[0], pos[0] + len);
            }
            pos[0] += len;
        }
        return null;
    }

    private static int length(byte[] der, int[] pos) {
        int b = der[pos[0]++] & 0xff;
        if (b < 0x80) {
            return b;
        }
        int n = 0;
        for (int i = 0; i < (b & 0x7f); i++) {
            n = n << 8 | (der[pos[0]++] & 0xff);
        }
        return n;
    }

    private static byte[] sequence(byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            content.writeBytes(p);
        }
        return tlv(0x30, content.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >>> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >>> 16);
            out.write(n >>> 8);
            out.write(n);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }
}

package dev.etcdj.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Test;

/** The JDK-only PEM path reads what Bouncy Castle writes (and what openssl and Go's tools write). */
class JdkPemTest {
    private static byte[] pem(Object o) throws Exception {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            w.writeObject(o);
        }
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void readsAllEncodings(KeyPair kp, String traditionalType) throws Exception {
        byte[] traditional = pem(kp); // PKCS#1 "RSA PRIVATE KEY" or SEC1 "EC PRIVATE KEY"
        assertEquals(traditionalType, JdkPem.blocks(traditional).get(0).type());
        PrivateKey k1 = JdkPem.privateKey(traditional);
        assertNotNull(k1);
        assertArrayEquals(kp.getPrivate().getEncoded(), k1.getEncoded());
        PrivateKey k8 = JdkPem.privateKey(pem(new JcaPKCS8Generator(kp.getPrivate(), null)));
        assertNotNull(k8);
        assertArrayEquals(kp.getPrivate().getEncoded(), k8.getEncoded());
    }

    /** SEC1 with its named curve, as openssl and Go's x509.MarshalECPrivateKey (etcd's auto TLS) write it. */
    private static byte[] sec1WithCurve(KeyPair kp) throws Exception {
        var info = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(kp.getPrivate().getEncoded());
        var curve = info.getPrivateKeyAlgorithm().getParameters();
        var ec = (java.security.interfaces.ECPrivateKey) kp.getPrivate();
        var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(ec.getParams().getOrder().bitLength(), ec.getS(), curve);
        return pem(new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY", sec1.getEncoded()));
    }

    @Test
    void rsaKeysInPkcs1AndPkcs8() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        readsAllEncodings(g.generateKeyPair(), "RSA PRIVATE KEY");
    }

    @Test
    void ecKeysInSec1AndPkcs8IncludingP521() throws Exception {
        for (String curve : new String[] {"secp256r1", "secp384r1", "secp521r1"}) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve));
            KeyPair kp = g.generateKeyPair();
            PrivateKey k = JdkPem.privateKey(sec1WithCurve(kp));
            assertNotNull(k, curve);
            assertEquals(((java.security.interfaces.ECPrivateKey) kp.getPrivate()).getS(),
                    ((java.security.interfaces.ECPrivateKey) k).getS(), curve);
            assertNotNull(JdkPem.privateKey(pem(new JcaPKCS8Generator(kp.getPrivate(), null))), curve);
        }
    }

    @Test
    void leavesEncryptedBrokenAndCurvelessFilesToBouncyCastle() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        assertNull(JdkPem.privateKey(pem(g.generateKeyPair())), "SEC1 without its curve");
        byte[] encrypted = ("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n"
                + "-----END RSA PRIVATE KEY-----\n").getBytes(StandardCharsets.US_ASCII);
        assertNull(JdkPem.privateKey(encrypted));
        assertNull(JdkPem.privateKey("-----BEGIN PRIVATE KEY-----\n!!!\n-----END PRIVATE KEY-----\n".getBytes(StandardCharsets.US_ASCII)));
        assertNull(JdkPem.privateKey("-----BEGIN PRIVATE KEY-----\nAAAA\n".getBytes(StandardCharsets.US_ASCII)));
        assertNull(JdkPem.certificates("no pem here".getBytes(StandardCharsets.US_ASCII)));
    }
}

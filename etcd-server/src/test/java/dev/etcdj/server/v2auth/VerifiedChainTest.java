package dev.etcdj.server.v2auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

class VerifiedChainTest {
  private static X509Certificate cert(String issuer, String subject, KeyPair subjectKeys, KeyPair signer)
      throws Exception {
    Instant now = Instant.now();
    var b = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(now.toEpochMilli()),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofHours(1))), new X500Name(subject),
        subjectKeys.getPublic());
    return new JcaX509CertificateConverter()
        .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
  }

  @Test
  void thePresentedCertificateIsCompletedWithItsIssuersUpToTheRoot() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    KeyPair rootKeys = g.generateKeyPair();
    KeyPair midKeys = g.generateKeyPair();
    KeyPair leafKeys = g.generateKeyPair();
    X509Certificate root = cert("CN=root ca", "CN=root ca", rootKeys, rootKeys);
    X509Certificate mid = cert("CN=root ca", "O=etcd,CN=intermediate", midKeys, rootKeys);
    X509Certificate leaf = cert("O=etcd,CN=intermediate", "C=US,CN=client one", leafKeys, midKeys);
    X509Certificate unrelated = cert("CN=other", "CN=other", leafKeys, leafKeys);

    List<X509Certificate> chain = VerifiedChain.of(List.of(leaf), List.of(unrelated, root, mid));
    assertEquals(List.of(leaf, mid, root), chain);
    assertEquals(List.of("client one", "intermediate", "root ca"),
        chain.stream().map(VerifiedChain::commonName).toList());
    assertEquals(List.of(leaf), VerifiedChain.of(List.of(leaf), List.of()), "no trusted CAs, nothing to add");
    assertEquals("", VerifiedChain.commonName(cert("CN=x", "O=no common name", leafKeys, leafKeys)));
  }
}

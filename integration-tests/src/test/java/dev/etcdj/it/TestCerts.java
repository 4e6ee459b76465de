package dev.etcdj.it;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A test CA issuing certificates with chosen SANs, written as PEM files the way etcd's flags take them. */
final class TestCerts {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  /** A certificate and its key on disk. */
  record Pair(Path cert, Path key) {}

  private final Path dir;
  private final X500Name caName;
  private final KeyPair caKey;
  private final X509Certificate ca;
  final Path caFile;

  TestCerts(Path dir) throws Exception {
    this(dir, "etcdj test CA");
  }

  TestCerts(Path dir, String caCommonName) throws Exception {
    this.dir = dir;
    this.caKey = rsa();
    this.caName = new X500Name("CN=" + caCommonName);
    JcaX509v3CertificateBuilder b = builder(caName, caName, caKey);
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    this.ca = sign(b, caKey);
    this.caFile = write("ca.crt", ca);
  }

  /**
   * A certificate for server and client use with these SANs: entries that parse as IP
   * literals become IP SANs, the others DNS SANs.
   */
  Pair issue(String name, String... sans) throws Exception {
    KeyPair kp = rsa();
    JcaX509v3CertificateBuilder b = builder(caName, new X500Name("CN=" + name), kp);
    List<GeneralName> names = new ArrayList<>();
    for (String s : sans) {
      names.add(s.matches("[0-9.]+|.*:.*")
          ? new GeneralName(GeneralName.iPAddress, InetAddress.getByName(s).getHostAddress())
          : new GeneralName(GeneralName.dNSName, s));
    }
    b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(new GeneralName[0])));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
    b.addExtension(Extension.extendedKeyUsage, false,
        new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
    return new Pair(write(name + ".crt", sign(b, caKey)), write(name + ".key", kp.getPrivate()));
  }

  private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair kp) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject, kp.getPublic());
  }

  private static X509Certificate sign(JcaX509v3CertificateBuilder b, KeyPair signer)
      throws OperatorCreationException, GeneralSecurityException, CertIOException {
    return new JcaX509CertificateConverter().getCertificate(
        b.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate())));
  }

  private Path write(String file, Object pemObject) throws IOException {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
      pw.writeObject(pemObject);
    }
    Path p = dir.resolve(file);
    Files.writeString(p, w.toString());
    return p;
  }

  private static KeyPair rsa() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }
}

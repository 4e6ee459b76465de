package dev.etcdj.server.v2auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The client's certificate chain as Go's TLS stack verified it: what the client presented,
 * completed with the trusted CAs that issued it, up to a self-signed root. etcd looks for a
 * user named by the common name of every certificate in it, the CA's included.
 */
final class VerifiedChain {
  private VerifiedChain() {}

  /** The certificates of {@code --trusted-ca-file}, none when it is unset. */
  static List<X509Certificate> trustedCas(Path caFile) {
    if (caFile == null) {
      return List.of();
    }
    try (InputStream in = Files.newInputStream(caFile)) {
      List<X509Certificate> out = new ArrayList<>();
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        if (c instanceof X509Certificate x) {
          out.add(x);
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (CertificateException e) {
      throw new IllegalArgumentException("unreadable trusted CA file " + caFile, e);
    }
  }

  static List<X509Certificate> of(List<X509Certificate> presented, List<X509Certificate> trusted) {
    List<X509Certificate> chain = new ArrayList<>(presented);
    while (!chain.isEmpty()) {
      X509Certificate last = chain.get(chain.size() - 1);
      if (last.getIssuerX500Principal().equals(last.getSubjectX500Principal())) {
        break;
      }
      Optional<X509Certificate> issuer = trusted.stream()
          .filter(ca -> ca.getSubjectX500Principal().equals(last.getIssuerX500Principal()) && !chain.contains(ca))
          .findFirst();
      if (issuer.isEmpty()) {
        break;
      }
      chain.add(issuer.get());
    }
    return chain;
  }

  /** The subject's common name, empty when it has none. */
  static String commonName(X509Certificate cert) {
    try {
      for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
        if ("CN".equalsIgnoreCase(rdn.getType())) {
          return rdn.getValue().toString();
        }
      }
    } catch (InvalidNameException e) {
      return "";
    }
    return "";
  }
}

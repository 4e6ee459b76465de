package dev.etcdj.server.v2auth;

import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Who sent a v2 request: its {@code Authorization} header (null when absent) and the client
 * certificates it presented over TLS.
 */
public record V2Caller(String authorization, List<X509Certificate> certificates) {

  public static V2Caller of(String authorization, SSLSession session) {
    return new V2Caller(authorization == null || authorization.isEmpty() ? null : authorization,
        certificates(session));
  }

  /** User name and password of a Basic {@code Authorization} header, or null if it is not one. */
  BasicCredentials basic() {
    String prefix = "Basic ";
    if (authorization == null || authorization.length() < prefix.length()
        || !authorization.regionMatches(true, 0, prefix, 0, prefix.length())) {
      return null;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(authorization.substring(prefix.length())),
          StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    return colon < 0 ? null : new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1));
  }

  record BasicCredentials(String user, String password) {}

  private static List<X509Certificate> certificates(SSLSession session) {
    List<X509Certificate> certs = new ArrayList<>();
    if (session == null) {
      return certs;
    }
    try {
      for (Certificate c : session.getPeerCertificates()) {
        if (c instanceof X509Certificate cert) {
          certs.add(cert);
        }
      }
    } catch (SSLPeerUnverifiedException e) {
      return certs;
    }
    return certs;
  }
}

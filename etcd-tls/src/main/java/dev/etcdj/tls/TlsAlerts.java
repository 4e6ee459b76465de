package dev.etcdj.tls;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's words for a TLS alert the other side sent ("remote error: tls: bad certificate"), as
 * etcd logs a refused handshake. Reads both the JDK's ("Received fatal alert: bad_certificate")
 * and BoringSSL's ("...:SSLV3_ALERT_BAD_CERTIFICATE") texts. The JDK answers a refused
 * certificate with certificate_unknown where Go sends bad_certificate: both read as Go's text.
 */
public final class TlsAlerts {
  private static final Pattern JDK = Pattern.compile("Received fatal alert: ([a-z_]+)");
  private static final Pattern BORINGSSL = Pattern.compile("(?:SSLV3|TLSV1)_ALERT_([A-Z_]+)");

  private TlsAlerts() {}

  /** The Go text of the alert behind {@code t} or its causes, if the peer sent one. */
  public static Optional<String> remoteError(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      Optional<String> found = remoteError(c.getMessage());
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /** The Go text of the alert named in an exception message, if it names one. */
  public static Optional<String> remoteError(String message) {
    if (message == null) {
      return Optional.empty();
    }
    Matcher m = JDK.matcher(message);
    if (m.find()) {
      return Optional.of("remote error: tls: " + goName(m.group(1)));
    }
    m = BORINGSSL.matcher(message);
    if (m.find()) {
      return Optional.of("remote error: tls: " + goName(m.group(1).toLowerCase(java.util.Locale.ROOT)));
    }
    return Optional.empty();
  }

  static String goName(String alert) {
    return switch (alert) {
      case "certificate_unknown", "bad_certificate" -> "bad certificate";
      case "unknown_ca" -> "unknown certificate authority";
      case "handshake_failure" -> "handshake failure";
      case "protocol_version" -> "protocol version not supported";
      case "certificate_revoked" -> "revoked certificate";
      case "certificate_expired" -> "expired certificate";
      case "unsupported_certificate" -> "unsupported certificate";
      case "internal_error" -> "internal error";
      case "decrypt_error" -> "error decrypting message";
      default -> alert.replace('_', ' ');
    };
  }
}

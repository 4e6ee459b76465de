package dev.etcdj.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class HandshakeFailureLogErrorTest {
  @Test
  void alertFromTheClientReadsAsGoRemoteError() {
    assertEquals("remote error: tls: bad certificate", HandshakeFailureLog.goError(
        new SSLHandshakeException("error:10000412:SSL routines:OPENSSL_internal:SSLV3_ALERT_BAD_CERTIFICATE")));
  }

  @Test
  void ownRefusalOfTheClientCertificateReadsAsEtcd() {
    SSLHandshakeException e = new SSLHandshakeException("error:1000007d:SSL routines:CERTIFICATE_VERIFY_FAILED");
    e.initCause(new CertificateException("client certificate authentication failed"));
    assertEquals("client certificate authentication failed", HandshakeFailureLog.goError(e));
  }

  @Test
  void clientCertificateFromAnUntrustedCaReadsAsGoUnknownAuthority() {
    SSLHandshakeException e = new SSLHandshakeException("error:1000007d:SSL routines:CERTIFICATE_VERIFY_FAILED");
    e.initCause(new CertificateException("PKIX path building failed",
        new CertPathBuilderException("unable to find valid certification path to requested target")));
    assertEquals("tls: failed to verify client certificate: x509: certificate signed by unknown authority",
        HandshakeFailureLog.goError(e));
  }
}

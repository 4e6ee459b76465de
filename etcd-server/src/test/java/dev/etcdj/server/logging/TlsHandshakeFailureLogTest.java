package dev.etcdj.server.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class TlsHandshakeFailureLogTest {
  @Test
  void alertFromTheClientReadsAsGoRemoteError() {
    assertEquals("remote error: tls: bad certificate", TlsHandshakeFailureLog.error(
        new SSLHandshakeException("error:10000412:SSL routines:OPENSSL_internal:SSLV3_ALERT_BAD_CERTIFICATE")));
  }

  @Test
  void ownRefusalOfTheClientCertificateReadsAsEtcd() {
    SSLHandshakeException e = new SSLHandshakeException("error:1000007d:SSL routines:CERTIFICATE_VERIFY_FAILED");
    e.initCause(new CertificateException("client certificate authentication failed"));
    assertEquals("client certificate authentication failed", TlsHandshakeFailureLog.error(e));
  }
}

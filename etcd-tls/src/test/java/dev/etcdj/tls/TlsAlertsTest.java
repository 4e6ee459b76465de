package dev.etcdj.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class TlsAlertsTest {
    @Test
    void boringSslAlertsReadAsGo() {
        assertEquals(Optional.of("remote error: tls: bad certificate"),
                TlsAlerts.remoteError("error:10000412:SSL routines:OPENSSL_internal:SSLV3_ALERT_BAD_CERTIFICATE"));
        assertEquals(Optional.of("remote error: tls: unknown certificate authority"),
                TlsAlerts.remoteError("error:10000418:SSL routines:OPENSSL_internal:TLSV1_ALERT_UNKNOWN_CA"));
    }

    @Test
    void jdkAlertsReadAsGoAlongTheCauseChain() {
        Exception e = new RuntimeException("stream failed",
                new SSLHandshakeException("Received fatal alert: certificate_unknown"));
        assertEquals(Optional.of("remote error: tls: bad certificate"), TlsAlerts.remoteError(e));
    }

    @Test
    void localFailuresAreNotRemoteErrors() {
        assertEquals(Optional.empty(), TlsAlerts.remoteError(new SSLHandshakeException("PKIX path building failed")));
        assertEquals(Optional.empty(), TlsAlerts.remoteError((Throwable) null));
    }
}

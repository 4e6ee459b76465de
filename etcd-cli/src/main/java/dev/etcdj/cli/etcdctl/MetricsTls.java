package dev.etcdj.cli.etcdctl;

import dev.etcdj.cli.transport.ClientTls;
import dev.etcdj.tls.TlsConfigException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLSocketFactory;

/**
 * TLS for fetching an https endpoint's /metrics as etcdctl does: the client certificate of --cert and
 * --key, the system's roots, or no verification with --insecure-skip-tls-verify.
 */
final class MetricsTls {
    private MetricsTls() {}

    static SSLSocketFactory socketFactory(Globals g) throws GeneralSecurityException {
        try {
            return ClientTls.of(null, Path.of(g.cert), Path.of(g.key), g.insecureSkipVerify).socketFactory();
        } catch (TlsConfigException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }
}

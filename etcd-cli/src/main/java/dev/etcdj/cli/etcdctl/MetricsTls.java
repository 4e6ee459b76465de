package dev.etcdj.cli.etcdctl;

import io.grpc.netty.shaded.io.netty.handler.ssl.JdkSslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.netty.shaded.io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.File;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;

/**
 * TLS for fetching an https endpoint's /metrics as etcdctl does: the client certificate of --cert and
 * --key, the system's roots, or no verification with --insecure-skip-tls-verify.
 */
final class MetricsTls {
    private MetricsTls() {}

    static SSLSocketFactory socketFactory(Globals g) throws GeneralSecurityException {
        try {
            SslContextBuilder b = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                    .keyManager(new File(g.cert), new File(g.key));
            if (g.insecureSkipVerify) {
                b.trustManager(InsecureTrustManagerFactory.INSTANCE);
            }
            return ((JdkSslContext) b.build()).context().getSocketFactory();
        } catch (SSLException | IllegalArgumentException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }
}

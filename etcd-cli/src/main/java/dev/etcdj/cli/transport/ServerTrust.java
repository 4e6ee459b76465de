package dev.etcdj.cli.transport;

import dev.etcdj.tls.CertificateHostname;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The server's chain checked by the JDK's PKIX trust manager, then its host name by Go's rules, with Go's
 * error text. The JDK's own host name check ("HTTPS" endpoint identification) is not used: it first loads
 * the JDK's whole CA bundle, about a sixth of a TLS handshake in a fresh JVM.
 */
final class ServerTrust extends X509ExtendedTrustManager {
    private final X509TrustManager chain;

    ServerTrust(X509TrustManager chain) {
        this.chain = chain;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType, Socket socket) throws CertificateException {
        chain.checkServerTrusted(certs, authType);
        CertificateHostname.verify(certs[0], ((SSLSocket) socket).getHandshakeSession().getPeerHost());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType, SSLEngine engine) throws CertificateException {
        chain.checkServerTrusted(certs, authType);
        CertificateHostname.verify(certs[0], engine.getHandshakeSession().getPeerHost());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType) throws CertificateException {
        throw new CertificateException("no host name to verify the server's certificate against");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certs, String authType, Socket socket) throws CertificateException {
        chain.checkClientTrusted(certs, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certs, String authType, SSLEngine engine) throws CertificateException {
        chain.checkClientTrusted(certs, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certs, String authType) throws CertificateException {
        chain.checkClientTrusted(certs, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return chain.getAcceptedIssuers();
    }
}

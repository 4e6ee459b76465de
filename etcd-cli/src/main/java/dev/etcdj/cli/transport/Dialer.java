package dev.etcdj.cli.transport;

import dev.etcdj.tls.CertificateHostname;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** Opens the connection to an endpoint: TCP, then TLS with ALPN "h2" when the endpoint is secure; or a unix socket. */
final class Dialer {
    private final ClientTls tls;
    private final String serverName;
    private final int connectTimeoutMillis;

    /**
     * @param tls null when no endpoint is secure
     * @param serverName the name the servers' certificates must hold instead of each endpoint's host, or null
     */
    Dialer(ClientTls tls, String serverName, int connectTimeoutMillis) {
        this.tls = tls;
        this.serverName = serverName;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    /** @param opened receives the conduit as soon as it exists, so that a shutdown can cut a handshake short */
    Conduit dial(Endpoint ep, java.util.function.Consumer<Conduit> opened) throws IOException {
        if (ep.isUnix()) {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            Conduit c = new ChannelConduit(ch);
            opened.accept(c);
            ch.connect(UnixDomainSocketAddress.of(ep.unixPath()));
            if (!ep.secure()) {
                return c;
            }
            return handshake(ep, new ChannelSocket(c));
        }
        Socket raw = new Socket();
        Conduit rawConduit = new SocketConduit(raw, raw);
        opened.accept(rawConduit);
        raw.setTcpNoDelay(true);
        raw.connect(new InetSocketAddress(ep.host(), ep.port()), connectTimeoutMillis);
        if (!ep.secure()) {
            return rawConduit;
        }
        raw.setSoTimeout(connectTimeoutMillis);
        Conduit c = handshake(ep, raw);
        raw.setSoTimeout(0);
        return c;
    }

    /** TLS with ALPN "h2" over a connected socket; closing the conduit cuts that socket. */
    private Conduit handshake(Endpoint ep, Socket raw) throws IOException {
        if (tls == null) {
            throw new IOException("no TLS configuration for " + ep);
        }
        String name = serverName != null ? serverName : ep.host();
        SSLSocket s = (SSLSocket) tls.socketFactory().createSocket(raw, name, ep.port(), true);
        SSLParameters p = s.getSSLParameters();
        p.setApplicationProtocols(new String[] {"h2"});
        if (!CertificateHostname.isIpLiteral(name) && name.indexOf('/') < 0) {
            p.setServerNames(List.of(new SNIHostName(name)));
        }
        s.setSSLParameters(p);
        s.startHandshake();
        return new SocketConduit(s, raw);
    }

    /** A TCP or TLS socket; closing cuts the raw socket, which wakes a reader at once (an SSLSocket's close may wait for it). */
    private record SocketConduit(Socket socket, Socket raw) implements Conduit {
        @Override
        public InputStream in() throws IOException {
            return socket.getInputStream();
        }

        @Override
        public OutputStream out() throws IOException {
            return socket.getOutputStream();
        }

        @Override
        public void close() {
            try {
                raw.close();
            } catch (IOException ignored) {
                // closing is best effort
            }
        }
    }

    /**
     * A unix socket as the {@link Socket} the JDK's TLS layers itself over: its streams and close are the
     * channel's (a plain Socket cannot be a unix socket).
     */
    private static final class ChannelSocket extends Socket {
        private final Conduit channel;
        private volatile boolean closed;

        ChannelSocket(Conduit channel) {
            this.channel = channel;
        }

        @Override
        public boolean isConnected() {
            return true;
        }

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return channel.in();
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            return channel.out();
        }

        @Override
        public void close() {
            closed = true;
            channel.close();
        }
    }

    /** A unix socket; its streams call the channel directly (the JDK's stream adapters share one lock for both directions). */
    private record ChannelConduit(SocketChannel channel) implements Conduit {
        @Override
        public InputStream in() {
            return new InputStream() {
                @Override
                public int read() throws IOException {
                    byte[] b = new byte[1];
                    return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return channel.read(ByteBuffer.wrap(b, off, len));
                }
            };
        }

        @Override
        public OutputStream out() {
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                    while (buf.hasRemaining()) {
                        channel.write(buf);
                    }
                }
            };
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing is best effort
            }
        }
    }
}

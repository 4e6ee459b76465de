package dev.etcdj.cli.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;

/**
 * A minimal loopback gRPC server for etcdctl's class-data-sharing training run: it answers every unary
 * call by method path with a fixed response, in plaintext or TLS (ALPN h2, client certificate required).
 * Built on this package's framing so that training loads no server library.
 */
public final class TrainingServer implements AutoCloseable {
    private final ServerSocket socket;
    private final Function<String, byte[]> responses;

    private TrainingServer(ServerSocket socket, Function<String, byte[]> responses) {
        this.socket = socket;
        this.responses = responses;
    }

    /**
     * @param tls null for plaintext
     * @param responses the serialized response for a method path such as {@code /etcdserverpb.KV/Put}
     */
    public static TrainingServer start(SSLContext tls, Function<String, byte[]> responses) throws IOException {
        ServerSocket s;
        if (tls == null) {
            s = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        } else {
            SSLServerSocket ss = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(0, 8, InetAddress.getLoopbackAddress());
            SSLParameters p = ss.getSSLParameters();
            p.setApplicationProtocols(new String[] {"h2"});
            p.setNeedClientAuth(true);
            ss.setSSLParameters(p);
            s = ss;
        }
        TrainingServer server = new TrainingServer(s, responses);
        Thread t = new Thread(server::accept, "training-server");
        t.setDaemon(true);
        t.start();
        return server;
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try (Socket c = socket.accept()) {
                serve(c);
            } catch (IOException e) {
                // the client went away or the server was closed
            }
        }
    }

    private void serve(Socket c) throws IOException {
        byte[] preface = c.getInputStream().readNBytes(FrameWriter.PREFACE.length);
        if (preface.length < FrameWriter.PREFACE.length) {
            return;
        }
        FrameReader in = new FrameReader(c.getInputStream());
        FrameWriter out = new FrameWriter(c.getOutputStream());
        HpackDecoder hpack = new HpackDecoder();
        Map<Integer, String> paths = new HashMap<>();
        out.control(Frame.SETTINGS, 0, 0, new byte[0]);
        while (true) {
            Frame f = in.read();
            if (f.type() == Frame.SETTINGS && !f.has(Frame.ACK)) {
                out.control(Frame.SETTINGS, Frame.ACK, 0, new byte[0]);
            } else if (f.type() == Frame.HEADERS) {
                List<HpackDecoder.Field> fields;
                try {
                    fields = hpack.decode(f.payload(), 0, f.payload().length);
                } catch (HpackException e) {
                    throw new IOException(e.getMessage(), e);
                }
                paths.put(f.streamId(), GrpcHeaders.get(fields, ":path"));
            } else if (f.type() == Frame.DATA && f.has(Frame.END_STREAM)) {
                respond(out, f.streamId(), responses.apply(paths.remove(f.streamId())));
            }
        }
    }

    /** Response headers as grpc-go's servers send them: :status from the static table, a Huffman-coded value. */
    private static final byte[] RESPONSE_HEADERS = {
        (byte) 0x88, // indexed: :status 200
        0x0f, 0x10, 0x10, 'a', 'p', 'p', 'l', 'i', 'c', 'a', 't', 'i', 'o', 'n', '/', 'g', 'r', 'p', 'c', // content-type (static name 31)
    };
    private static final byte[] TRAILERS = {
        0x00, 0x0b, 'g', 'r', 'p', 'c', '-', 's', 't', 'a', 't', 'u', 's', (byte) 0x81, 0x07, // grpc-status: Huffman "0"
    };

    private static void respond(FrameWriter out, int streamId, byte[] message) throws IOException {
        out.headers(streamId, RESPONSE_HEADERS, false, FrameReader.MAX_FRAME_SIZE);
        byte[] framed = new byte[5 + message.length];
        System.arraycopy(FrameWriter.int32(message.length), 0, framed, 1, 4);
        System.arraycopy(message, 0, framed, 5, message.length);
        out.data(streamId, framed, 0, framed.length, false);
        out.headers(streamId, TRAILERS, true, FrameReader.MAX_FRAME_SIZE);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

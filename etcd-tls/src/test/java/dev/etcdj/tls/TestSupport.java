package dev.etcdj.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

final class TestSupport {
    private TestSupport() {}

    /** Copies a fixture from the classpath into dir and returns its path. */
    static Path fixture(Path dir, String name) throws IOException {
        Path p = dir.resolve(name);
        if (!Files.exists(p)) {
            try (InputStream in = TestSupport.class.getResourceAsStream("/fixtures/" + name)) {
                if (in == null) {
                    throw new IOException("missing fixture " + name);
                }
                Files.copy(in, p);
            }
        }
        return p;
    }

    static String pem(Object o) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(o);
        }
        return w.toString();
    }

    static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    static X509Certificate selfSigned(KeyPair kp, String cn, Instant notBefore, Instant notAfter) throws Exception {
        X500Name name = new X500Name("CN=" + cn);
        var b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(System.nanoTime()),
                java.util.Date.from(notBefore), java.util.Date.from(notAfter), name, kp.getPublic());
        String alg = kp.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder(alg).build(kp.getPrivate())));
    }

    /** Outcome of an in-memory handshake. */
    record Outcome(Exception clientError, Exception serverError, SSLSession clientSession, SSLSession serverSession) {
        boolean ok() {
            return clientError == null && serverError == null;
        }

        String describe() {
            return "client=" + clientError + ", server=" + serverError;
        }
    }

    /** Runs a full handshake (plus one application record each way) between two engines in memory. */
    static Outcome handshake(SslContext serverCtx, SslContext clientCtx) throws Exception {
        SSLEngine c = clientCtx.newEngine(ByteBufAllocator.DEFAULT, "localhost", 2379);
        SSLEngine s = serverCtx.newEngine(ByteBufAllocator.DEFAULT);
        try {
            return run(c, s);
        } finally {
            ReferenceCountUtil.release(c);
            ReferenceCountUtil.release(s);
        }
    }

    private static Outcome run(SSLEngine c, SSLEngine s) throws Exception {
        int packet = Math.max(c.getSession().getPacketBufferSize(), s.getSession().getPacketBufferSize()) * 4;
        int app = Math.max(c.getSession().getApplicationBufferSize(), s.getSession().getApplicationBufferSize()) * 4;
        ByteBuffer c2s = ByteBuffer.allocate(packet);
        ByteBuffer s2c = ByteBuffer.allocate(packet);
        ByteBuffer cIn = ByteBuffer.allocate(app);
        ByteBuffer sIn = ByteBuffer.allocate(app);
        ByteBuffer cData = ByteBuffer.wrap("ping".getBytes());
        ByteBuffer sData = ByteBuffer.wrap("pong".getBytes());
        Exception ce = null;
        Exception se = null;
        c.beginHandshake();
        s.beginHandshake();
        for (int i = 0; i < 200; i++) {
            int before = c2s.position() + s2c.position() + cIn.position() + sIn.position();
            if (ce == null) {
                try {
                    c.wrap(cData, c2s);
                    tasks(c);
                } catch (SSLException e) {
                    ce = e;
                }
            }
            if (se == null) {
                try {
                    s.wrap(sData, s2c);
                    tasks(s);
                } catch (SSLException e) {
                    se = e;
                }
            }
            c2s.flip();
            if (se == null) {
                try {
                    while (c2s.hasRemaining()) {
                        var r = s.unwrap(c2s, sIn);
                        tasks(s);
                        if (r.bytesConsumed() == 0) {
                            break;
                        }
                    }
                } catch (SSLException e) {
                    se = e;
                }
            } else {
                c2s.position(c2s.limit());
            }
            c2s.compact();
            s2c.flip();
            if (ce == null) {
                try {
                    while (s2c.hasRemaining()) {
                        var r = c.unwrap(s2c, cIn);
                        tasks(c);
                        if (r.bytesConsumed() == 0) {
                            break;
                        }
                    }
                } catch (SSLException e) {
                    ce = e;
                }
            } else {
                s2c.position(s2c.limit());
            }
            s2c.compact();
            boolean done = cIn.position() >= 4 && sIn.position() >= 4;
            if (done || (ce != null && se != null)) {
                break;
            }
            int after = c2s.position() + s2c.position() + cIn.position() + sIn.position();
            if ((ce != null || se != null) && after == before && i > 5) {
                break;
            }
            if (c.isOutboundDone() && s.isOutboundDone()) {
                break;
            }
        }
        boolean exchanged = cIn.position() >= 4 && sIn.position() >= 4;
        if (ce == null && se == null && !exchanged) {
            ce = new SSLException("no application data exchanged (handshake did not complete)");
        }
        return new Outcome(ce, se, c.getSession(), s.getSession());
    }

    private static void tasks(SSLEngine e) {
        if (e.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
            Runnable r;
            while ((r = e.getDelegatedTask()) != null) {
                r.run();
            }
        }
    }
}

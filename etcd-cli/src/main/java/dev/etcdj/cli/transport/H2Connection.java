package dev.etcdj.cli.transport;

import io.grpc.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One HTTP/2 connection: its streams, both directions' flow control, SETTINGS, PING and GOAWAY. The
 * thread that dialed it reads its frames ({@link #readLoop}); stream listeners are called without the
 * connection's lock held.
 */
final class H2Connection {
    /** Generous windows: the server is never held back by us, and a stream buffers at most this much. */
    static final int STREAM_WINDOW = 1 << 22;
    static final int CONNECTION_WINDOW = 1 << 24;
    private static final int DEFAULT_WINDOW = 65535;
    private static final Status CLOSING = Status.UNAVAILABLE.withDescription("transport is closing");

    /** Told when the connection takes no more streams (GOAWAY) or is gone. */
    interface Owner {
        void connectionGone(H2Connection c);
    }

    private final Conduit conduit;
    private final FrameWriter writer;
    private final FrameReader reader;
    private final HpackDecoder hpack = new HpackDecoder();
    private final Owner owner;
    private final Map<Integer, H2Stream> streams = new HashMap<>();
    private int nextStreamId = 1;
    private long peerInitialWindow = DEFAULT_WINDOW;
    private int peerMaxFrame = FrameReader.MAX_FRAME_SIZE;
    private long sendWindow = DEFAULT_WINDOW;
    private int connectionUnacked;
    private boolean closed;
    private boolean goingAway;
    private boolean gone;
    private volatile long lastReadNanos = System.nanoTime();
    private boolean pingOutstanding;

    H2Connection(Conduit conduit, Owner owner) throws IOException {
        this.conduit = conduit;
        this.owner = owner;
        this.writer = new FrameWriter(conduit.out());
        this.reader = new FrameReader(conduit.in());
    }

    /** Sends the connection preface, our SETTINGS and the connection window. */
    void start() throws IOException {
        ByteArrayOutputStream settings = new ByteArrayOutputStream();
        setting(settings, 0x2, 0); // ENABLE_PUSH
        setting(settings, 0x4, STREAM_WINDOW); // INITIAL_WINDOW_SIZE
        writer.preface(settings.toByteArray());
        writer.windowUpdate(0, CONNECTION_WINDOW - DEFAULT_WINDOW);
    }

    private static void setting(ByteArrayOutputStream out, int id, int value) {
        out.write(id >>> 8);
        out.write(id);
        out.writeBytes(FrameWriter.int32(value));
    }

    synchronized boolean usable() {
        return !closed && !goingAway;
    }

    /** Opens a stream with its request headers; null when the connection takes no new streams. */
    H2Stream open(byte[] headerBlock, H2Stream.Listener listener) {
        H2Stream s;
        try {
            synchronized (this) {
                if (closed || goingAway) {
                    return null;
                }
                s = new H2Stream(nextStreamId, listener, peerInitialWindow);
                nextStreamId += 2;
                streams.put(s.id, s);
                writer.headers(s.id, headerBlock, false, peerMaxFrame);
            }
        } catch (IOException e) {
            fail(CLOSING.withCause(e));
            return null;
        }
        return s;
    }

    /** Queues a stream's data and sends as much as the flow-control windows allow. */
    void send(H2Stream s, byte[] data, boolean endStream) {
        try {
            synchronized (this) {
                if (streams.get(s.id) != s) {
                    return;
                }
                if (data.length > 0) {
                    s.pending.add(data);
                }
                s.endStreamQueued |= endStream;
                flush(s);
            }
        } catch (IOException e) {
            fail(CLOSING.withCause(e));
        }
    }

    private void flush(H2Stream s) throws IOException {
        while (!s.pending.isEmpty()) {
            byte[] head = s.pending.peek();
            int n = (int) Math.min(Math.min(head.length - s.headOffset, peerMaxFrame), Math.min(sendWindow, s.sendWindow));
            if (n <= 0) {
                return;
            }
            boolean last = s.headOffset + n == head.length && s.pending.size() == 1;
            writer.data(s.id, head, s.headOffset, n, last && s.endStreamQueued);
            sendWindow -= n;
            s.sendWindow -= n;
            s.headOffset += n;
            if (s.headOffset == head.length) {
                s.pending.poll();
                s.headOffset = 0;
                if (last && s.endStreamQueued) {
                    s.endStreamQueued = false;
                    return;
                }
            }
        }
        if (s.endStreamQueued) {
            s.endStreamQueued = false;
            writer.data(s.id, new byte[0], 0, 0, true);
        }
    }

    /** The caller consumed received bytes: grants them back to the server once half the window is used. */
    void consumed(H2Stream s, int bytes) {
        try {
            synchronized (this) {
                s.unacked += bytes;
                if (s.unacked >= STREAM_WINDOW / 2 && streams.get(s.id) == s) {
                    writer.windowUpdate(s.id, s.unacked);
                    s.unacked = 0;
                }
            }
        } catch (IOException e) {
            fail(CLOSING.withCause(e));
        }
    }

    /** Resets a stream the caller gave up on (cancelled, deadline). */
    void cancel(H2Stream s) {
        try {
            synchronized (this) {
                if (streams.remove(s.id) == null || closed) {
                    return;
                }
                writer.rstStream(s.id, 0x8); // CANCEL
            }
        } catch (IOException e) {
            fail(CLOSING.withCause(e));
        }
    }

    /** Sends a keep-alive PING when streams are open and nothing was read for the given time; false when a previous one is unanswered. */
    boolean keepAlive(long idleNanos) {
        synchronized (this) {
            if (closed) {
                return true;
            }
            if (pingOutstanding) {
                return false;
            }
            if (streams.isEmpty() || System.nanoTime() - lastReadNanos < idleNanos) {
                return true;
            }
            pingOutstanding = true;
        }
        try {
            writer.control(Frame.PING, 0, 0, new byte[8]);
        } catch (IOException e) {
            fail(CLOSING.withCause(e));
        }
        return true;
    }

    /** Schedules keep-alive pings; a ping unanswered within the timeout closes the connection. */
    void scheduleKeepAlive(long timeNanos, long timeoutNanos) {
        Timers.schedule(() -> {
            if (!keepAlive(timeNanos)) {
                fail(Status.UNAVAILABLE.withDescription("keepalive ping failed to receive ACK within timeout"));
                return;
            }
            synchronized (this) {
                if (closed) {
                    return;
                }
            }
            scheduleKeepAlive(timeNanos, timeoutNanos);
        }, pingOutstanding() ? timeoutNanos : timeNanos);
    }

    private synchronized boolean pingOutstanding() {
        return pingOutstanding;
    }

    /** Reads and handles frames until the connection ends; then fails its remaining streams. */
    void readLoop() {
        Status end = CLOSING;
        try {
            int continuing = 0;
            boolean continuingEnd = false;
            ByteArrayOutputStream block = null;
            while (true) {
                Frame f = reader.read();
                lastReadNanos = System.nanoTime();
                if (block != null) {
                    if (f.type() != Frame.CONTINUATION || f.streamId() != continuing) {
                        throw new H2Exception(H2Exception.PROTOCOL_ERROR, "expected CONTINUATION");
                    }
                    block.writeBytes(f.payload());
                    if (f.has(Frame.END_HEADERS)) {
                        byte[] b = block.toByteArray();
                        block = null;
                        headers(continuing, b, 0, b.length, continuingEnd);
                    }
                    continue;
                }
                switch (f.type()) {
                    case Frame.DATA -> data(f);
                    case Frame.HEADERS -> {
                        int off = 0;
                        int len = f.payload().length;
                        if (f.has(Frame.PADDED)) {
                            int pad = f.payload()[0] & 0xff;
                            off = 1;
                            len -= 1 + pad;
                        }
                        if (f.has(Frame.PRIORITY)) {
                            off += 5;
                            len -= 5;
                        }
                        if (len < 0) {
                            throw new H2Exception(H2Exception.PROTOCOL_ERROR, "bad HEADERS padding");
                        }
                        if (f.has(Frame.END_HEADERS)) {
                            headers(f.streamId(), f.payload(), off, len, f.has(Frame.END_STREAM));
                        } else {
                            block = new ByteArrayOutputStream();
                            block.write(f.payload(), off, len);
                            continuing = f.streamId();
                            continuingEnd = f.has(Frame.END_STREAM);
                        }
                    }
                    case Frame.RST_STREAM -> {
                        H2Stream s = remove(f.streamId());
                        if (s != null) {
                            s.listener.onReset(RstCodes.status(f.int32(0)));
                        }
                    }
                    case Frame.SETTINGS -> settings(f);
                    case Frame.PING -> {
                        if (f.has(Frame.ACK)) {
                            synchronized (this) {
                                pingOutstanding = false;
                            }
                        } else {
                            writer.control(Frame.PING, Frame.ACK, 0, f.payload());
                        }
                    }
                    case Frame.GOAWAY -> goAway(f);
                    case Frame.WINDOW_UPDATE -> windowUpdate(f);
                    case Frame.PUSH_PROMISE, Frame.CONTINUATION ->
                            throw new H2Exception(H2Exception.PROTOCOL_ERROR, "unexpected frame type " + f.type());
                    default -> {
                        // unknown frame types are ignored (RFC 7540 section 4.1), PRIORITY too
                    }
                }
            }
        } catch (H2Exception e) {
            try {
                byte[] payload = new byte[8];
                System.arraycopy(FrameWriter.int32(e.code), 0, payload, 4, 4);
                writer.control(Frame.GOAWAY, 0, 0, payload);
            } catch (IOException ignored) {
                // the connection is being closed anyway
            }
            end = Status.INTERNAL.withDescription("transport: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            end = CLOSING.withCause(e);
        }
        fail(end);
    }

    private void data(Frame f) throws IOException {
        int off = 0;
        int len = f.payload().length;
        if (f.has(Frame.PADDED)) {
            off = 1;
            len -= 1 + (f.payload()[0] & 0xff);
            if (len < 0) {
                throw new H2Exception(H2Exception.PROTOCOL_ERROR, "bad DATA padding");
            }
        }
        H2Stream s;
        synchronized (this) {
            connectionUnacked += f.payload().length;
            if (connectionUnacked >= CONNECTION_WINDOW / 2) {
                writer.windowUpdate(0, connectionUnacked);
                connectionUnacked = 0;
            }
            s = streams.get(f.streamId());
            if (s != null && f.has(Frame.END_STREAM)) {
                streams.remove(f.streamId());
            }
            if (s != null) {
                // padding is not handed to the caller, so it is granted back at once
                s.unacked += f.payload().length - len;
            }
        }
        if (s != null) {
            s.listener.onData(f.payload(), off, len, f.has(Frame.END_STREAM));
        }
    }

    private void headers(int streamId, byte[] block, int off, int len, boolean endStream) throws IOException {
        List<HpackDecoder.Field> fields;
        try {
            fields = hpack.decode(block, off, len);
        } catch (HpackException | RuntimeException e) {
            throw new H2Exception(H2Exception.COMPRESSION_ERROR, "hpack: " + e.getMessage());
        }
        H2Stream s;
        synchronized (this) {
            s = endStream ? streams.remove(streamId) : streams.get(streamId);
        }
        if (s != null) {
            s.listener.onHeaders(fields, endStream);
        }
    }

    private void settings(Frame f) throws IOException {
        if (f.has(Frame.ACK)) {
            return;
        }
        byte[] p = f.payload();
        synchronized (this) {
            for (int i = 0; i + 6 <= p.length; i += 6) {
                int id = (p[i] & 0xff) << 8 | (p[i + 1] & 0xff);
                long value = f.int32(i + 2) & 0xffffffffL;
                if (id == 0x4) {
                    if (value > Integer.MAX_VALUE) {
                        throw new H2Exception(H2Exception.FLOW_CONTROL_ERROR, "initial window too large");
                    }
                    long delta = value - peerInitialWindow;
                    peerInitialWindow = value;
                    for (H2Stream s : streams.values()) {
                        s.sendWindow += delta;
                    }
                } else if (id == 0x5) {
                    peerMaxFrame = (int) value;
                }
            }
            writer.control(Frame.SETTINGS, Frame.ACK, 0, new byte[0]);
            for (H2Stream s : new ArrayList<>(streams.values())) {
                flush(s);
            }
        }
    }

    private void windowUpdate(Frame f) throws IOException {
        int increment = f.int32(0) & 0x7fffffff;
        synchronized (this) {
            if (f.streamId() == 0) {
                sendWindow += increment;
                for (H2Stream s : new ArrayList<>(streams.values())) {
                    flush(s);
                }
            } else {
                H2Stream s = streams.get(f.streamId());
                if (s != null) {
                    s.sendWindow += increment;
                    flush(s);
                }
            }
        }
    }

    private void goAway(Frame f) {
        int last = f.int32(0) & 0x7fffffff;
        List<H2Stream> refused = new ArrayList<>();
        synchronized (this) {
            goingAway = true;
            for (H2Stream s : new ArrayList<>(streams.values())) {
                if (s.id > last) {
                    streams.remove(s.id);
                    refused.add(s);
                }
            }
        }
        for (H2Stream s : refused) {
            s.listener.onReset(CLOSING);
        }
        gone();
    }

    private synchronized H2Stream remove(int id) {
        return streams.remove(id);
    }

    /** Closes the connection and fails its streams with the given status. */
    void fail(Status status) {
        List<H2Stream> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(streams.values());
            streams.clear();
        }
        conduit.close();
        for (H2Stream s : all) {
            s.listener.onReset(status);
        }
        gone();
    }

    private void gone() {
        synchronized (this) {
            if (gone) {
                return;
            }
            gone = true;
        }
        owner.connectionGone(this);
    }
}

package dev.etcdj.cli.transport;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One RPC on an HTTP/2 stream: gRPC's message framing, request(n) delivery of responses, the status
 * from trailers, the deadline (sent as grpc-timeout and enforced here) and cancellation. Until a
 * connection is ready the call waits in its channel, sends included.
 */
final class GrpcCall<ReqT, RespT> extends ClientCall<ReqT, RespT> implements H2Stream.Listener {
    static final Status DEADLINE = Status.DEADLINE_EXCEEDED.withDescription("context deadline exceeded");

    private final MethodDescriptor<ReqT, RespT> method;
    private final CallOptions options;
    private final GrpcChannel channel;
    private final SerializingExecutor callbacks;
    private final MessageDeframer deframer = new MessageDeframer();
    private final Object sendLock = new Object();

    private Listener<RespT> listener;
    private Metadata headers;
    private ScheduledFuture<?> deadlineTimer;

    // guarded by sendLock
    private volatile H2Connection connection;
    private volatile H2Stream stream;
    private final List<byte[]> unsent = new ArrayList<>();
    private boolean halfClosed;

    // guarded by this
    private final ArrayDeque<byte[]> received = new ArrayDeque<>();
    private int requested;
    /** Received bytes not yet granted back to the server: held while undelivered responses are queued. */
    private int withheld;
    private boolean headersSeen;
    private Status serverStatus;
    private Metadata serverTrailers;
    private volatile boolean finished;

    GrpcCall(MethodDescriptor<ReqT, RespT> method, CallOptions options, GrpcChannel channel) {
        this.method = method;
        this.options = options;
        this.channel = channel;
        this.callbacks = new SerializingExecutor(options.getExecutor());
    }

    boolean waitForReady() {
        return options.isWaitForReady();
    }

    @Override
    public void start(Listener<RespT> listener, Metadata headers) {
        this.listener = listener;
        this.headers = headers;
        Deadline d = options.getDeadline();
        if (d != null) {
            long left = d.timeRemaining(TimeUnit.NANOSECONDS);
            if (left <= 0) {
                finish(DEADLINE, new Metadata(), true);
                return;
            }
            deadlineTimer = Timers.schedule(() -> cancelWith(DEADLINE), left);
        }
        channel.attach(this);
    }

    /** Opens the stream on a ready connection and sends what was queued; false when it took no new streams. */
    boolean bind(H2Connection c, String scheme, String authority) {
        Deadline d = options.getDeadline();
        long timeout = d == null ? -1 : d.timeRemaining(TimeUnit.NANOSECONDS);
        byte[] block = GrpcHeaders.request(scheme, authority, method.getFullMethodName(), timeout, headers);
        synchronized (sendLock) {
            if (finished) {
                return true;
            }
            H2Stream s = c.open(block, this);
            if (s == null) {
                return false;
            }
            connection = c;
            stream = s;
            for (byte[] m : unsent) {
                c.send(s, m, false);
            }
            unsent.clear();
            if (halfClosed) {
                c.send(s, new byte[0], true);
            }
        }
        if (finished) {
            c.cancel(stream);
        }
        callbacks.enqueue(() -> {
            if (!finished) {
                safely(listener::onReady);
            }
        });
        callbacks.schedule();
        return true;
    }

    /** The channel could not give the call a connection (shut down, or no endpoint reachable without wait-for-ready). */
    void fail(Status status) {
        finish(status, new Metadata(), true);
    }

    @Override
    public void request(int n) {
        synchronized (this) {
            requested += n;
            deliver();
        }
        callbacks.schedule();
    }

    @Override
    public void cancel(String message, Throwable cause) {
        Status s = Status.CANCELLED;
        if (message != null) {
            s = s.withDescription(message);
        }
        cancelWith(cause == null ? s : s.withCause(cause));
    }

    private void cancelWith(Status status) {
        if (finish(status, new Metadata(), true)) {
            H2Connection c;
            H2Stream s;
            synchronized (sendLock) {
                c = connection;
                s = stream;
            }
            if (s != null) {
                c.cancel(s);
            } else {
                channel.detach(this);
            }
        }
    }

    @Override
    public void halfClose() {
        synchronized (sendLock) {
            halfClosed = true;
            if (stream != null) {
                connection.send(stream, new byte[0], true);
            }
        }
    }

    @Override
    public void sendMessage(ReqT message) {
        byte[] framed;
        try (InputStream in = method.streamRequest(message)) {
            byte[] m = in.readAllBytes();
            framed = new byte[5 + m.length];
            framed[1] = (byte) (m.length >>> 24);
            framed[2] = (byte) (m.length >>> 16);
            framed[3] = (byte) (m.length >>> 8);
            framed[4] = (byte) m.length;
            System.arraycopy(m, 0, framed, 5, m.length);
        } catch (IOException e) {
            cancel("failed to serialize the request", e);
            return;
        }
        synchronized (sendLock) {
            if (finished) {
                return;
            }
            if (stream == null) {
                unsent.add(framed);
            } else {
                connection.send(stream, framed, false);
            }
        }
    }

    @Override
    public boolean isReady() {
        return !finished;
    }

    // ---------------------------------------------------------------- from the connection's reader thread

    @Override
    public void onHeaders(List<HpackDecoder.Field> fields, boolean endStream) {
        if (endStream) {
            Status s = GrpcHeaders.status(fields);
            finish(s, GrpcHeaders.metadata(fields), false);
            return;
        }
        Status http = GrpcHeaders.httpFailure(fields);
        if (http != null) {
            cancelWith(http);
            return;
        }
        Metadata md = GrpcHeaders.metadata(fields);
        synchronized (this) {
            if (headersSeen || finished) {
                return;
            }
            headersSeen = true;
            callbacks.enqueue(() -> {
                if (!finished) {
                    safely(() -> listener.onHeaders(md));
                }
            });
        }
        callbacks.schedule();
    }

    @Override
    public void onData(byte[] data, int off, int len, boolean endStream) {
        synchronized (this) {
            withheld += len;
            try {
                deframer.feed(data, off, len, received::add);
            } catch (IllegalStateException e) {
                cancelInternal(Status.INTERNAL.withDescription(e.getMessage()));
                return;
            }
            deliver();
        }
        callbacks.schedule();
        if (endStream) {
            finish(Status.INTERNAL.withDescription("server closed the stream without sending trailers"), new Metadata(), false);
        }
    }

    private void cancelInternal(Status s) {
        Timers.schedule(() -> cancelWith(s), 0);
    }

    @Override
    public void onReset(Status status) {
        finish(status, new Metadata(), true);
    }

    /**
     * Ends the call once: at once (dropping undelivered responses) for local and transport causes, after the
     * received responses for the server's status.
     *
     * @return whether this ended the call
     */
    private boolean finish(Status status, Metadata trailers, boolean now) {
        synchronized (this) {
            if (finished || serverStatus != null && !now) {
                return false;
            }
            if (now) {
                received.clear();
                finished = true;
                enqueueClose(status, trailers);
            } else {
                serverStatus = status;
                serverTrailers = trailers;
                deliver();
            }
        }
        if (finished && deadlineTimer != null) {
            deadlineTimer.cancel(false);
        }
        callbacks.schedule();
        return true;
    }

    /**
     * Hands the requested responses to the listener (under this call's lock), then the server's status. The
     * flow-control window is granted back once nothing undelivered is queued, so that a slow reader holds the
     * server back while a message larger than the window still completes.
     */
    private void deliver() {
        while (requested > 0 && !received.isEmpty() && !finished) {
            byte[] m = received.poll();
            requested--;
            callbacks.enqueue(() -> {
                if (finished && serverStatus == null) {
                    return;
                }
                RespT r;
                try {
                    r = method.parseResponse(new ByteArrayInputStream(m));
                } catch (RuntimeException e) {
                    cancelInternal(Status.INTERNAL.withDescription("failed to parse the response").withCause(e));
                    return;
                }
                safely(() -> listener.onMessage(r));
            });
        }
        if (withheld > 0 && received.isEmpty()) {
            H2Stream s = stream;
            if (s != null) {
                connection.consumed(s, withheld);
                withheld = 0;
            }
        }
        if (serverStatus != null && received.isEmpty() && !finished) {
            finished = true;
            enqueueClose(serverStatus, serverTrailers);
            if (deadlineTimer != null) {
                deadlineTimer.cancel(false);
            }
        }
    }

    private void enqueueClose(Status status, Metadata trailers) {
        callbacks.enqueue(() -> {
            try {
                listener.onClose(status, trailers);
            } catch (RuntimeException | Error e) {
                Thread t = Thread.currentThread();
                t.getUncaughtExceptionHandler().uncaughtException(t, e);
            }
        });
    }

    /** A listener that throws cancels its call, as in grpc-java, rather than the connection's reader thread. */
    private void safely(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException | Error e) {
            cancelInternal(Status.CANCELLED.withDescription("Failed to read message.").withCause(e));
        }
    }
}

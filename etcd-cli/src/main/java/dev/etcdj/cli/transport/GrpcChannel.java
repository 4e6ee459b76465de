package dev.etcdj.cli.transport;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC channel over our own HTTP/2 client, for etcdctl: one connection per endpoint, calls spread
 * round robin over the connected ones, wait-for-ready calls held until an endpoint answers or their
 * deadline passes. Needs only grpc-api and the JDK, which keeps a one-shot etcdctl's start-up short.
 */
public final class GrpcChannel extends ManagedChannel {
    private static final long MIN_KEEPALIVE_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final List<Subchannel> subchannels = new ArrayList<>();
    private final Dialer dialer;
    private final ChannelSettings settings;
    private final String authority;
    private final ArrayDeque<GrpcCall<?, ?>> waiting = new ArrayDeque<>();
    private final Set<Thread> threads = new HashSet<>();
    private int next;
    private boolean shutdown;

    public GrpcChannel(List<Endpoint> endpoints, ChannelSettings settings) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("no endpoints");
        }
        for (Endpoint ep : endpoints) {
            subchannels.add(new Subchannel(ep));
        }
        this.settings = settings;
        this.authority = settings.authorityOverride() != null ? settings.authorityOverride() : endpoints.get(0).authority();
        this.dialer = new Dialer(settings.tls(), settings.authorityOverride(),
                (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(settings.dialTimeoutNanos())));
    }

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> newCall(MethodDescriptor<ReqT, RespT> method, CallOptions options) {
        return new GrpcCall<>(method, options, this);
    }

    @Override
    public String authority() {
        return authority;
    }

    /** Gives a started call a connection now, or holds it until one is ready. */
    void attach(GrpcCall<?, ?> call) {
        while (true) {
            Subchannel ready = null;
            synchronized (this) {
                if (shutdown) {
                    break;
                }
                for (int i = 0; i < subchannels.size() && ready == null; i++) {
                    Subchannel s = subchannels.get((next + i) % subchannels.size());
                    if (s.state == Subchannel.State.READY && s.connection.usable()) {
                        ready = s;
                        next = (next + i + 1) % subchannels.size();
                    }
                }
                if (ready == null) {
                    waiting.add(call);
                }
                for (Subchannel s : subchannels) {
                    if (s.state == Subchannel.State.IDLE) {
                        connect(s);
                    }
                }
                if (ready == null) {
                    return;
                }
            }
            if (call.bind(ready.connection, ready.scheme(), authorityOf(ready))) {
                return;
            }
        }
        call.fail(closing());
    }

    synchronized void detach(GrpcCall<?, ?> call) {
        waiting.remove(call);
    }

    private String authorityOf(Subchannel s) {
        return settings.authorityOverride() != null ? settings.authorityOverride() : s.endpoint.authority();
    }

    private static Status closing() {
        return Status.CANCELLED.withDescription("grpc: the client connection is closing");
    }

    /** Starts the subchannel's dialing thread; with the channel's lock held. */
    private void connect(Subchannel s) {
        s.state = Subchannel.State.CONNECTING;
        Thread t = new Thread(() -> run(s), "etcdctl-h2");
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    private void run(Subchannel s) {
        try {
            long backoff = TimeUnit.MILLISECONDS.toNanos(50);
            H2Connection c;
            while (true) {
                try {
                    Conduit conduit = dialer.dial(s.endpoint, d -> s.dialing = d);
                    c = new H2Connection(conduit, this::connectionGone);
                    c.start();
                    break;
                } catch (IOException | RuntimeException e) {
                    Conduit d = s.dialing;
                    if (d != null) {
                        d.close();
                    }
                    if (!dialFailed(s, e)) {
                        return;
                    }
                    try {
                        TimeUnit.NANOSECONDS.sleep(backoff);
                    } catch (InterruptedException ie) {
                        return;
                    }
                    backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
                }
            }
            s.dialing = null;
            List<GrpcCall<?, ?>> calls;
            synchronized (this) {
                if (shutdown) {
                    c.fail(closing());
                    return;
                }
                s.state = Subchannel.State.READY;
                s.connection = c;
                calls = new ArrayList<>(waiting);
                waiting.clear();
            }
            if (settings.keepAliveTimeNanos() > 0) {
                c.scheduleKeepAlive(Math.max(settings.keepAliveTimeNanos(), MIN_KEEPALIVE_NANOS),
                        Math.max(settings.keepAliveTimeoutNanos(), 1));
            }
            for (GrpcCall<?, ?> call : calls) {
                if (!call.bind(c, s.scheme(), authorityOf(s))) {
                    attach(call);
                }
            }
            c.readLoop();
        } finally {
            synchronized (this) {
                threads.remove(Thread.currentThread());
                notifyAll();
            }
        }
    }

    /**
     * A dial failed: calls that do not wait for ready fail; whether to dial again (while calls wait).
     */
    private boolean dialFailed(Subchannel s, Exception e) {
        List<GrpcCall<?, ?>> failed = new ArrayList<>();
        boolean again;
        synchronized (this) {
            waiting.removeIf(call -> !call.waitForReady() && failed.add(call));
            again = !shutdown && !waiting.isEmpty();
            if (!again) {
                s.state = Subchannel.State.IDLE;
            }
        }
        Status unavailable = Status.UNAVAILABLE.withDescription("connection error: desc = \"transport: Error while dialing "
                + DialErrors.text(s.endpoint, e) + "\"");
        for (GrpcCall<?, ?> call : failed) {
            call.fail(unavailable);
        }
        return again;
    }

    private void connectionGone(H2Connection c) {
        synchronized (this) {
            for (Subchannel s : subchannels) {
                if (s.connection == c) {
                    s.connection = null;
                    s.state = Subchannel.State.IDLE;
                    if (!shutdown && !waiting.isEmpty()) {
                        connect(s);
                    }
                }
            }
        }
    }

    @Override
    public ManagedChannel shutdown() {
        return shutdownNow();
    }

    @Override
    public ManagedChannel shutdownNow() {
        List<GrpcCall<?, ?>> calls;
        List<H2Connection> connections = new ArrayList<>();
        synchronized (this) {
            if (shutdown) {
                return this;
            }
            shutdown = true;
            calls = new ArrayList<>(waiting);
            waiting.clear();
            for (Subchannel s : subchannels) {
                if (s.connection != null) {
                    connections.add(s.connection);
                }
                Conduit d = s.dialing;
                if (d != null) {
                    d.close();
                }
            }
            for (Thread t : threads) {
                t.interrupt(); // ends a dialing thread's back-off sleep
            }
        }
        for (GrpcCall<?, ?> call : calls) {
            call.fail(closing());
        }
        for (H2Connection c : connections) {
            c.fail(closing());
        }
        return this;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown && threads.isEmpty();
    }

    /** Waits for the connections' threads to end (they leave their socket reads once the sockets are closed). */
    @Override
    public synchronized boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long end = System.nanoTime() + unit.toNanos(timeout);
        while (!threads.isEmpty()) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return shutdown;
    }
}

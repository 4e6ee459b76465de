package dev.etcdj.cli.etcdctl;

import dev.etcdj.api.GoCodes;
import dev.etcdj.api.AuthGrpc;
import dev.etcdj.api.AuthenticateRequest;
import dev.etcdj.cli.transport.ChannelSettings;
import dev.etcdj.cli.transport.ClientTls;
import dev.etcdj.cli.transport.Endpoint;
import dev.etcdj.cli.transport.GrpcChannel;
import dev.etcdj.tls.TlsConfigException;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Connections to the endpoints, created lazily; one channel per endpoint. */
final class Client implements AutoCloseable {
    static final Metadata.Key<String> TOKEN = Metadata.Key.of("token", Metadata.ASCII_STRING_MARSHALLER);

    final Globals g;
    private final Out err;
    private volatile boolean halting;
    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private final List<GrpcChannel> managed = new ArrayList<>();
    private volatile String token;
    private boolean authenticated;
    private final AuthRetry auth = new AuthRetry(new AuthRetry.Tokens() {
        @Override
        public String current() {
            return token();
        }

        @Override
        public boolean refresh() {
            return refreshToken();
        }
    });

    /** @param err where the failed-call warnings go, as clientv3 logs them */
    Client(Globals g, Out err) {
        this.g = g;
        this.err = err;
    }

    List<String> endpoints() {
        return g.endpoints;
    }

    synchronized Channel channel(String endpoint) {
        Channel ch = channels.get(endpoint);
        if (ch == null) {
            ch = build(List.of(endpoint));
            channels.put(endpoint, ch);
        }
        return ch;
    }

    private Channel build(List<String> endpoints) {
        boolean secureByDefault = g.tlsConfigured() || !g.insecureTransport;
        List<Endpoint> eps = new ArrayList<>();
        for (String ep : endpoints) {
            eps.add(Endpoint.parse(ep, secureByDefault));
        }
        boolean secure = eps.stream().anyMatch(Endpoint::secure);
        String serverName = secure && !g.insecureDiscovery && !g.discoverySrv.isEmpty() ? g.discoverySrv : null;
        GrpcChannel ch = new GrpcChannel(eps, new ChannelSettings(secure ? tls() : null, serverName,
                g.dialTimeoutNanos, g.keepAliveTimeNanos, g.keepAliveTimeoutNanos));
        managed.add(ch);
        return ClientInterceptors.intercept(ch, new UnaryFailureLog(eps.get(0).toString(), err, () -> halting));
    }

    private ClientTls tls() {
        try {
            return ClientTls.of(g.cacert.isEmpty() ? null : Path.of(g.cacert),
                    g.cert.isEmpty() || g.key.isEmpty() ? null : Path.of(g.cert),
                    g.cert.isEmpty() || g.key.isEmpty() ? null : Path.of(g.key), g.insecureSkipVerify);
        } catch (GeneralSecurityException | TlsConfigException e) {
            throw new EtcdctlException(Exit.BAD_ARGS, e.getMessage());
        }
    }

    private Channel multi;

    /**
     * The channel for ordinary requests: with several --endpoints, one channel balancing over all of them
     * (round robin, like clientv3), so that requests succeed while any endpoint is up.
     */
    synchronized Channel primary() {
        if (g.endpoints.size() == 1) {
            return channel(g.endpoints.get(0));
        }
        if (multi == null) {
            multi = build(g.endpoints);
        }
        return multi;
    }

    /** Applies authentication and wait-for-ready to a stub. */
    <S extends AbstractStub<S>> S prepare(S stub) {
        token(); // authenticates before the first call, so that refused credentials end the command at once
        return stub.withWaitForReady().withInterceptors(auth);
    }

    /** Stub on the first endpoint with the command timeout applied. */
    <S extends AbstractStub<S>> S stub(Function<Channel, S> factory) {
        return prepare(factory.apply(primary())).withDeadlineAfter(g.commandTimeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** Stub on a given endpoint with the command timeout applied. */
    <S extends AbstractStub<S>> S stub(String endpoint, Function<Channel, S> factory) {
        return prepare(factory.apply(channel(endpoint))).withDeadlineAfter(g.commandTimeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** Stub on the first endpoint without a deadline (streams, long running calls). */
    <S extends AbstractStub<S>> S streamStub(Function<Channel, S> factory) {
        return prepare(factory.apply(primary()));
    }

    private synchronized String token() {
        if (authenticated || g.user == null) {
            return token;
        }
        authenticated = true;
        try {
            token = authenticate();
        } catch (StatusRuntimeException e) {
            // clientv3 dials on without a token when the server's auth is off
            if ("etcdserver: authentication is not enabled".equals(e.getStatus().getDescription())) {
                return null;
            }
            throw new EtcdctlException(Exit.BAD_CONNECTION, errorText(e));
        }
        return token;
    }

    /** A new token for a call refused for its token (expired, say); false without a user or when refused. */
    private synchronized boolean refreshToken() {
        if (g.user == null) {
            return false;
        }
        try {
            token = authenticate();
            return true;
        } catch (StatusRuntimeException e) {
            return false;
        }
    }

    private String authenticate() {
        return AuthGrpc.newBlockingStub(primary()).withWaitForReady()
                .withDeadlineAfter(g.commandTimeoutNanos, TimeUnit.NANOSECONDS)
                .authenticate(AuthenticateRequest.newBuilder().setName(g.user).setPassword(g.password).build())
                .getToken();
    }

    /** The text etcdctl prints for a failed RPC. */
    static String errorText(Throwable t) {
        Status s = Status.fromThrowable(t);
        if (s.getCode() == Status.Code.DEADLINE_EXCEEDED) {
            return "context deadline exceeded";
        }
        if (s.getCode() == Status.Code.CANCELLED && s.getDescription() == null) {
            return "context canceled";
        }
        String d = s.getDescription();
        if (d != null && d.startsWith("etcdserver: ")) {
            return d;
        }
        if (d != null && (d.startsWith("mvcc: ") || d.startsWith("auth: ") || d.startsWith("lease: "))) {
            return d;
        }
        return "rpc error: code = " + GoCodes.name(s.getCode()) + " desc = " + (d == null ? "" : d);
    }

    @Override
    public synchronized void close() {
        channels.clear();
        multi = null;
        for (GrpcChannel c : managed) {
            c.shutdownNow();
        }
        try {
            for (GrpcChannel c : managed) {
                c.awaitTermination(200, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        managed.clear();
    }

    /**
     * Closes the connections and waits (briefly) until their threads have left their socket reads: the
     * JVM's halt waits up to 300 ms for threads in native code, which would make a signalled etcdctl slower
     * to exit than the callers' fixed limits allow.
     */
    synchronized void closeBeforeHalt() {
        halting = true; // the calls this cancels are not failures to report
        close();
    }
}

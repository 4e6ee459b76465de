package dev.etcdj.cli.etcdctl;

import dev.etcdj.api.GoCodes;
import dev.etcdj.api.AuthGrpc;
import dev.etcdj.api.AuthenticateRequest;
import dev.etcdj.cli.common.GrpcSetup;
import io.grpc.CallCredentials;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.grpc.stub.AbstractStub;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Connections to the endpoints, created lazily; one channel per endpoint. */
final class Client implements AutoCloseable {
    static final Metadata.Key<String> TOKEN = Metadata.Key.of("token", Metadata.ASCII_STRING_MARSHALLER);

    final Globals g;
    private final Out err;
    private volatile boolean halting;
    private final Map<String, ManagedChannel> channels = new LinkedHashMap<>();
    private volatile String token;
    private boolean authenticated;

    /** @param err where the failed-call warnings go, as clientv3 logs them */
    Client(Globals g, Out err) {
        this.g = g;
        this.err = err;
    }

    List<String> endpoints() {
        return g.endpoints;
    }

    synchronized ManagedChannel channel(String endpoint) {
        ManagedChannel ch = channels.get(endpoint);
        if (ch == null) {
            GrpcSetup.init();
            ch = build(endpoint);
            channels.put(endpoint, ch);
        }
        return ch;
    }

    private ManagedChannel build(String endpoint) {
        String ep = endpoint.trim();
        boolean secure = g.tlsConfigured() || !g.insecureTransport;
        String target = ep;
        if (ep.startsWith("http://")) {
            secure = false;
            target = ep.substring(7);
        } else if (ep.startsWith("https://")) {
            secure = true;
            target = ep.substring(8);
        } else if (ep.startsWith("unix://") || ep.startsWith("unixs://")) {
            throw new EtcdctlException(Exit.BAD_ARGS, "unix socket endpoints are not supported: " + ep);
        }
        int slash = target.indexOf('/');
        if (slash >= 0) {
            target = target.substring(0, slash);
        }
        return baseBuilder(target, secure).intercept(new UnaryFailureLog(target, err, () -> halting)).build();
    }

    private NettyChannelBuilder baseBuilder(String target, boolean secure) {
        ChannelCredentials creds;
        if (secure) {
            try {
                TlsChannelCredentials.Builder b = TlsChannelCredentials.newBuilder();
                if (g.insecureSkipVerify) {
                    b.trustManager(InsecureTrustManagerFactory.INSTANCE.getTrustManagers());
                } else if (!g.cacert.isEmpty()) {
                    b.trustManager(new File(g.cacert));
                }
                if (!g.cert.isEmpty() && !g.key.isEmpty()) {
                    b.keyManager(new File(g.cert), new File(g.key));
                }
                creds = b.build();
            } catch (IOException e) {
                throw new EtcdctlException(Exit.BAD_ARGS, e.getMessage());
            }
        } else {
            creds = InsecureChannelCredentials.create();
        }
        // NIO rather than the native epoll transport: loading epoll costs start-up time and makes the JVM
        // exit ~300 ms slower, which matters for a one-shot CLI
        NettyChannelBuilder b = secure && g.insecureSkipVerify ? insecureTls(target)
                : NettyChannelBuilder.forTarget(target, creds);
        b.eventLoopGroup(eventLoopGroup())
                .channelType(NioSocketChannel.class)
                .maxInboundMessageSize(Integer.MAX_VALUE)
                .directExecutor();
        if (secure && !g.insecureDiscovery && !g.discoverySrv.isEmpty()) {
            // etcdctl's ServerName: the servers' certificates must hold the discovery domain
            b.overrideAuthority(g.discoverySrv);
        }
        if (g.keepAliveTimeNanos > 0) {
            b.keepAliveTime(g.keepAliveTimeNanos, TimeUnit.NANOSECONDS)
                    .keepAliveTimeout(Math.max(g.keepAliveTimeoutNanos, 1), TimeUnit.NANOSECONDS);
        }
        return b;
    }

    /**
     * TLS without verifying the server, through the JDK's TLS: etcd's --auto-tls certificates are ECDSA P-521,
     * whose signatures BoringSSL (netty-tcnative) does not offer, so the handshake would fail.
     */
    private NettyChannelBuilder insecureTls(String target) {
        try {
            SslContextBuilder ssl = GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                    .trustManager(InsecureTrustManagerFactory.INSTANCE);
            if (!g.cert.isEmpty() && !g.key.isEmpty()) {
                ssl.keyManager(new File(g.cert), new File(g.key));
            }
            return NettyChannelBuilder.forTarget(target).sslContext(ssl.build());
        } catch (IOException | IllegalArgumentException e) {
            throw new EtcdctlException(Exit.BAD_ARGS, e.getMessage());
        }
    }

    private NioEventLoopGroup group;

    private synchronized NioEventLoopGroup eventLoopGroup() {
        if (group == null) {
            group = new NioEventLoopGroup(1, r -> {
                Thread t = new Thread(r, "etcdctl-io");
                t.setDaemon(true);
                return t;
            });
        }
        return group;
    }

    private ManagedChannel multi;

    /**
     * The channel for ordinary requests: with several --endpoints, one channel balancing over all of them
     * (round robin, like clientv3), so that requests succeed while any endpoint is up.
     */
    synchronized ManagedChannel primary() {
        if (g.endpoints.size() == 1) {
            return channel(g.endpoints.get(0));
        }
        if (multi == null) {
            GrpcSetup.init();
            multi = buildMulti();
        }
        return multi;
    }

    private ManagedChannel buildMulti() {
        List<io.grpc.EquivalentAddressGroup> groups = new ArrayList<>();
        boolean secure = g.tlsConfigured() || !g.insecureTransport;
        String authority = null;
        for (String ep : g.endpoints) {
            String t = ep.trim();
            if (t.startsWith("http://")) {
                t = t.substring(7);
                secure = false;
            } else if (t.startsWith("https://")) {
                t = t.substring(8);
                secure = true;
            }
            int slash = t.indexOf('/');
            if (slash >= 0) {
                t = t.substring(0, slash);
            }
            int colon = t.lastIndexOf(':');
            String host = colon > 0 ? t.substring(0, colon) : t;
            int port = colon > 0 ? Integer.parseInt(t.substring(colon + 1)) : 2379;
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (authority == null) {
                authority = t;
            }
            groups.add(new io.grpc.EquivalentAddressGroup(new java.net.InetSocketAddress(host, port)));
        }
        String auth = authority;
        io.grpc.NameResolver.Factory factory = new io.grpc.NameResolver.Factory() {
            @Override
            public io.grpc.NameResolver newNameResolver(java.net.URI targetUri, io.grpc.NameResolver.Args args) {
                return new io.grpc.NameResolver() {
                    @Override
                    public String getServiceAuthority() {
                        return auth;
                    }

                    @Override
                    public void start(Listener2 listener) {
                        listener.onResult(ResolutionResult.newBuilder().setAddresses(groups).build());
                    }

                    @Override
                    public void shutdown() {
                    }
                };
            }

            @Override
            public String getDefaultScheme() {
                return "etcdctl";
            }
        };
        NettyChannelBuilder b = baseBuilder("etcdctl:///endpoints", secure);
        b.nameResolverFactory(factory).defaultLoadBalancingPolicy("round_robin");
        return b.build();
    }

    /** Applies authentication and wait-for-ready to a stub. */
    <S extends AbstractStub<S>> S prepare(S stub) {
        S s = stub.withWaitForReady();
        String t = token();
        if (t != null) {
            s = s.withCallCredentials(new CallCredentials() {
                @Override
                public void applyRequestMetadata(RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
                    Metadata md = new Metadata();
                    md.put(TOKEN, t);
                    applier.apply(md);
                }
            });
        }
        return s;
    }

    /** Stub on the first endpoint with the command timeout applied. */
    <S extends AbstractStub<S>> S stub(Function<ManagedChannel, S> factory) {
        return prepare(factory.apply(primary())).withDeadlineAfter(g.commandTimeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** Stub on a given endpoint with the command timeout applied. */
    <S extends AbstractStub<S>> S stub(String endpoint, Function<ManagedChannel, S> factory) {
        return prepare(factory.apply(channel(endpoint))).withDeadlineAfter(g.commandTimeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** Stub on the first endpoint without a deadline (streams, long running calls). */
    <S extends AbstractStub<S>> S streamStub(Function<ManagedChannel, S> factory) {
        return prepare(factory.apply(primary()));
    }

    private synchronized String token() {
        if (authenticated || g.user == null) {
            return token;
        }
        authenticated = true;
        try {
            token = AuthGrpc.newBlockingStub(primary()).withWaitForReady()
                    .withDeadlineAfter(g.commandTimeoutNanos, TimeUnit.NANOSECONDS)
                    .authenticate(AuthenticateRequest.newBuilder().setName(g.user).setPassword(g.password).build())
                    .getToken();
        } catch (StatusRuntimeException e) {
            // clientv3 dials on without a token when the server's auth is off
            if ("etcdserver: authentication is not enabled".equals(e.getStatus().getDescription())) {
                return null;
            }
            throw new EtcdctlException(Exit.BAD_CONNECTION, errorText(e));
        }
        return token;
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
        List<ManagedChannel> all = new ArrayList<>(channels.values());
        channels.clear();
        if (multi != null) {
            all.add(multi);
            multi = null;
        }
        for (ManagedChannel c : all) {
            c.shutdownNow();
        }
        if (group != null) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            group = null;
        }
    }

    /**
     * Closes the connections and waits (briefly) until the network thread has left its native
     * select. The JVM's halt waits up to 300 ms for threads in native code, which would make
     * a signalled etcdctl slower to exit than the callers' fixed limits allow.
     */
    synchronized void closeBeforeHalt() {
        halting = true; // the calls this cancels are not failures to report
        NioEventLoopGroup g = group;
        close();
        if (g != null) {
            g.terminationFuture().awaitUninterruptibly(200);
        }
    }
}

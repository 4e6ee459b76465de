package dev.etcdj.cli.etcdctl;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.concurrent.Executor;

/**
 * The auth part of clientv3's retry interceptor: every call carries the current token of --user, and a unary
 * call the server refused with "invalid auth token", "user name is empty" or "revision of auth store is old"
 * (users or roles edited between the server's check and its apply) is sent again, with a new token when
 * etcdctl has a user and password. Go's etcdctl does the same, so a token that expires during a long command
 * (lock, elect, check perf) does not fail it.
 */
final class AuthRetry implements ClientInterceptor {
    private static final int MAX_ATTEMPTS = 10;
    private static final String OLD_REVISION = "etcdserver: revision of auth store is old";
    private static final String INVALID_TOKEN = "etcdserver: invalid auth token";
    private static final String USER_EMPTY = "etcdserver: user name is empty";

    /** The token source of a client: the current token (null when none) and a re-authentication. */
    interface Tokens {
        String current();

        /** Fetches a new token; false when there are no credentials to fetch it with. */
        boolean refresh();
    }

    private final Tokens tokens;

    AuthRetry(Tokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
        if (method.getType() != MethodDescriptor.MethodType.UNARY) {
            return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                @Override
                public void start(Listener<RespT> listener, Metadata headers) {
                    withToken(headers, tokens.current());
                    super.start(listener, headers);
                }
            };
        }
        return new RetryingCall<>(method, options, next, tokens);
    }

    private static void withToken(Metadata headers, String token) {
        headers.discardAll(Client.TOKEN);
        if (token != null) {
            headers.put(Client.TOKEN, token);
        }
    }

    /**
     * One of the refusals that clientv3 answers with a new token and another attempt. Known by its text alone,
     * as clientv3 does: the lock and election services pass the KV service's errors on with code Unknown.
     */
    private static boolean refusedForAuth(Status s) {
        String d = s.getDescription();
        return OLD_REVISION.equals(d) || USER_EMPTY.equals(d) || INVALID_TOKEN.equals(d);
    }

    /** Fetches a new token for another attempt; an old auth revision is worth one even without a token. */
    private static boolean renewed(Status s, Tokens tokens) {
        return tokens.refresh() || OLD_REVISION.equals(s.getDescription());
    }

    /** Holds the one request until half-close, then sends it, again after a retryable failure. */
    private static final class RetryingCall<ReqT, RespT> extends ClientCall<ReqT, RespT> {
        private final MethodDescriptor<ReqT, RespT> method;
        private final CallOptions options;
        private final Channel next;
        private final Tokens tokens;
        private Listener<RespT> listener;
        private Metadata headers;
        private ReqT request;
        private int requested;
        private int attempts;
        private volatile ClientCall<ReqT, RespT> current;
        private volatile boolean cancelled;

        RetryingCall(MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next, Tokens tokens) {
            this.method = method;
            this.options = options;
            this.next = next;
            this.tokens = tokens;
        }

        @Override
        public void start(Listener<RespT> listener, Metadata headers) {
            this.listener = listener;
            this.headers = headers;
        }

        @Override
        public void request(int n) {
            requested += n;
            ClientCall<ReqT, RespT> c = current;
            if (c != null) {
                c.request(n);
            }
        }

        @Override
        public void sendMessage(ReqT message) {
            request = message;
        }

        @Override
        public void halfClose() {
            attempt();
        }

        @Override
        public void cancel(String message, Throwable cause) {
            cancelled = true;
            ClientCall<ReqT, RespT> c = current;
            if (c != null) {
                c.cancel(message, cause);
            }
        }

        @Override
        public boolean isReady() {
            return true;
        }

        private void attempt() {
            attempts++;
            ClientCall<ReqT, RespT> c = next.newCall(method, options);
            current = c;
            Metadata h = new Metadata();
            h.merge(headers);
            withToken(h, tokens.current());
            c.start(new Listener<>() {
                @Override
                public void onHeaders(Metadata md) {
                    listener.onHeaders(md);
                }

                @Override
                public void onMessage(RespT message) {
                    listener.onMessage(message);
                }

                @Override
                public void onClose(Status status, Metadata trailers) {
                    if (attempts < MAX_ATTEMPTS && !cancelled && refusedForAuth(status)) {
                        Runnable retry = () -> {
                            if (renewed(status, tokens)) {
                                attempt();
                            } else {
                                listener.onClose(status, trailers);
                            }
                        };
                        // The new token is fetched by a blocking call of its own, so not from this callback: a
                        // blocking stub's executor runs it on the waiting caller's thread, else a thread of its own.
                        Executor executor = options.getExecutor();
                        if (executor != null) {
                            executor.execute(retry);
                        } else {
                            new Thread(retry, "etcdctl-auth-retry").start();
                        }
                    } else {
                        listener.onClose(status, trailers);
                    }
                }

                @Override
                public void onReady() {
                    listener.onReady();
                }
            }, h);
            c.request(Math.max(requested, 1));
            c.sendMessage(request);
            c.halfClose();
            if (cancelled) {
                c.cancel("cancelled", null);
            }
        }
    }
}

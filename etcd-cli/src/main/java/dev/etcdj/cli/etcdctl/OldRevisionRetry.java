package dev.etcdj.cli.etcdctl;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

/**
 * Retries a unary call the server refused with "etcdserver: revision of auth store is old", as clientv3's
 * retry interceptor does: the permissions changed between the server's check and its apply (users or roles
 * edited concurrently), and the request is simply checked again.
 */
final class OldRevisionRetry implements ClientInterceptor {
    private static final int MAX_ATTEMPTS = 10;

    static boolean retryable(Status s) {
        return s.getCode() == Status.Code.INVALID_ARGUMENT && "etcdserver: revision of auth store is old".equals(s.getDescription());
    }

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
        if (method.getType() != MethodDescriptor.MethodType.UNARY) {
            return next.newCall(method, options);
        }
        return new RetryingCall<>(method, options, next);
    }

    /** Holds the one request until half-close, then sends it, again after a retryable failure. */
    private static final class RetryingCall<ReqT, RespT> extends ClientCall<ReqT, RespT> {
        private final MethodDescriptor<ReqT, RespT> method;
        private final CallOptions options;
        private final Channel next;
        private Listener<RespT> listener;
        private Metadata headers;
        private ReqT request;
        private int requested;
        private int attempts;
        private volatile ClientCall<ReqT, RespT> current;
        private volatile boolean cancelled;

        RetryingCall(MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
            this.method = method;
            this.options = options;
            this.next = next;
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
                    if (retryable(status) && attempts < MAX_ATTEMPTS && !cancelled) {
                        attempt();
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

package dev.etcdj.cli.etcdctl;

import dev.etcdj.api.GoCodes;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * The warning etcd's client library logs (to stderr, as zap JSON) for every failed unary call before
 * etcdctl prints its {@code Error:} line. Scripts and etcd's own tests look for it.
 */
final class UnaryFailureLog implements ClientInterceptor {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXX");

    private final String endpoint;
    private String target;
    private final Out err;
    private final BooleanSupplier quiet;

    /**
     * @param endpoint as given, e.g. {@code 127.0.0.1:2379}; the target names it as clientv3 does
     * @param quiet true while etcdctl is shutting down and cancels its own calls
     */
    UnaryFailureLog(String endpoint, Out err, BooleanSupplier quiet) {
        this.endpoint = endpoint;
        this.err = err;
        this.quiet = quiet;
    }

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
            CallOptions options, Channel next) {
        ClientCall<ReqT, RespT> call = next.newCall(method, options);
        if (method.getType() != MethodDescriptor.MethodType.UNARY) {
            return call;
        }
        return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
            @Override
            public void start(Listener<RespT> listener, Metadata headers) {
                super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        if (!status.isOk() && !quiet.getAsBoolean()) {
                            warn(status);
                        }
                        super.onClose(status, trailers);
                    }
                }, headers);
            }
        };
    }

    private void warn(Status status) {
        String error = "rpc error: code = " + GoCodes.name(status.getCode()) + " desc = "
                + (status.getDescription() == null ? "" : status.getDescription());
        err.println("{\"level\":\"warn\",\"ts\":\"" + ZonedDateTime.now().format(TS)
                + "\",\"caller\":\"clientv3/retry_interceptor.go:62\",\"msg\":\"retrying of unary invoker failed\","
                + "\"target\":" + quote(target()) + ",\"attempt\":0,\"error\":" + quote(error) + "}");
    }

    /** clientv3's target names a random client id; made only when needed, as a first SecureRandom costs start-up time. */
    private synchronized String target() {
        if (target == null) {
            target = "endpoint://client-" + UUID.randomUUID() + "/" + endpoint;
        }
        return target;
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder();
        GoFmt.jsonString(sb, s);
        return sb.toString();
    }
}

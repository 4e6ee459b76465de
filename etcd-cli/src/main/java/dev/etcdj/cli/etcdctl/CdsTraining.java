package dev.etcdj.cli.etcdctl;

import dev.etcdj.api.KVGrpc;
import dev.etcdj.api.PutRequest;
import dev.etcdj.api.PutResponse;
import dev.etcdj.api.RangeRequest;
import dev.etcdj.api.RangeResponse;
import dev.etcdj.api.ResponseHeader;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * The training run for etcdctl's class-data-sharing archive, run at package time: a {@code put} and a
 * {@code get} that succeed against a loopback KV endpoint, so the archive covers the classes of a
 * whole request and its output, not only of a failed dial.
 */
public final class CdsTraining {
    private CdsTraining() {}

    public static void main(String[] args) throws Exception {
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new KVGrpc.KVImplBase() {
                    @Override
                    public void put(PutRequest request, StreamObserver<PutResponse> response) {
                        response.onNext(PutResponse.newBuilder().setHeader(header()).build());
                        response.onCompleted();
                    }

                    @Override
                    public void range(RangeRequest request, StreamObserver<RangeResponse> response) {
                        response.onNext(RangeResponse.newBuilder().setHeader(header()).build());
                        response.onCompleted();
                    }
                }).build().start();
        try {
            String ep = "--endpoints=127.0.0.1:" + server.getPort();
            PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true);
            for (String[] cmd : new String[][] {{ep, "put", "cds-training", "x"}, {ep, "get", "cds-training"}}) {
                EtcdctlMain.run(cmd, new ByteArrayInputStream(new byte[0]), sink, sink, Map.of());
            }
        } finally {
            server.shutdownNow();
        }
        System.exit(0);
    }

    private static ResponseHeader header() {
        return ResponseHeader.newBuilder().setClusterId(1).setMemberId(1).setRevision(1).setRaftTerm(1).build();
    }
}

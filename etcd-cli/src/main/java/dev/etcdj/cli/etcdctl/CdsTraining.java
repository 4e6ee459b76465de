package dev.etcdj.cli.etcdctl;

import dev.etcdj.api.KVGrpc;
import dev.etcdj.api.PutRequest;
import dev.etcdj.api.PutResponse;
import dev.etcdj.api.RangeRequest;
import dev.etcdj.api.RangeResponse;
import dev.etcdj.api.ResponseHeader;
import dev.etcdj.tls.SelfSignedCert;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The training run for etcdctl's class-data-sharing archive, run at package time (and by the launcher
 * when the distribution has moved): a {@code put} and a {@code get} that succeed against a loopback KV
 * endpoint, in plaintext and over TLS with a client certificate, so the archive covers the classes of
 * whole requests and their output, not only of a failed dial.
 */
public final class CdsTraining {
    private CdsTraining() {}

    public static void main(String[] args) throws Exception {
        Path certDir = Files.createTempDirectory("etcdctl-cds");
        try {
            SelfSignedCert cert = SelfSignedCert.ensure(certDir, List.of("127.0.0.1"), null);
            train(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)));
            train(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .sslContext(GrpcSslContexts.forServer(cert.certFile().toFile(), cert.keyFile().toFile())
                            .trustManager(cert.certFile().toFile()).clientAuth(ClientAuth.REQUIRE).build()),
                    "--cacert=" + cert.certFile(), "--cert=" + cert.certFile(), "--key=" + cert.keyFile());
        } finally {
            try (var files = Files.walk(certDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        System.exit(0);
    }

    private static void train(NettyServerBuilder builder, String... tls) throws Exception {
        Server server = builder
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
                List<String> args = new ArrayList<>(List.of(tls));
                args.addAll(List.of(cmd));
                EtcdctlMain.run(args.toArray(String[]::new), new ByteArrayInputStream(new byte[0]), sink, sink, Map.of());
            }
        } finally {
            server.shutdownNow();
        }
    }

    private static ResponseHeader header() {
        return ResponseHeader.newBuilder().setClusterId(1).setMemberId(1).setRevision(1).setRaftTerm(1).build();
    }
}

package dev.etcdj.server;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.ByteString;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import dev.etcdj.api.Compare;
import dev.etcdj.api.KVGrpc;
import dev.etcdj.api.LeaseGrantRequest;
import dev.etcdj.api.LeaseGrpc;
import dev.etcdj.api.MaintenanceGrpc;
import dev.etcdj.api.PutRequest;
import dev.etcdj.api.RangeRequest;
import dev.etcdj.api.RequestOp;
import dev.etcdj.api.StatusRequest;
import dev.etcdj.api.TxnRequest;
import dev.etcdj.api.WatchCreateRequest;
import dev.etcdj.api.WatchGrpc;
import dev.etcdj.api.WatchRequest;
import dev.etcdj.api.WatchResponse;
import dev.etcdj.server.config.ConfigLoader;
import dev.etcdj.server.config.LoadResult;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The training run for the server's class-data-sharing archive (distribution, package time): one
 * member on loopback serves puts, ranges, a txn, a watch, a lease and the HTTP endpoints, so the
 * archive holds the classes of start-up and of the request paths. The archive is written when
 * this JVM exits; classes it misses load from the jars as usual.
 */
public final class CdsTraining {
  private static final int CLIENTS = 16;
  private static final int PUTS = 2000;

  private CdsTraining() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("etcd-cds");
    try {
      train(dir);
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
    System.exit(0);
  }

  private static void train(Path dir) throws Exception {
    int[] ports = twoFreePorts();
    String client = "http://127.0.0.1:" + ports[0];
    String peer = "http://127.0.0.1:" + ports[1];
    LoadResult result = ConfigLoader.load(new String[] {"--name", "cds-training", "--data-dir", dir.resolve("data").toString(),
        "--listen-client-urls", client, "--advertise-client-urls", client,
        "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
        "--initial-cluster", "cds-training=" + peer}, Map.of());
    EtcdMember member = new EtcdMember();
    try {
      member.start(((LoadResult.Run) result).config());
      requests(client + "/");
    } finally {
      member.close();
    }
  }

  private static void requests(String base) throws Exception {
    KVGrpc.KVFutureStub kv = GrpcClients.newClient(base, KVGrpc.KVFutureStub.class);
    ByteString value = ByteString.copyFrom(new byte[256]);
    List<ListenableFuture<?>> inFlight = new ArrayList<>();
    for (int i = 0; i < PUTS; i++) {
      ByteString key = ByteString.copyFromUtf8("cds-" + (i % 100));
      inFlight.add(i % 4 == 3
          ? kv.range(RangeRequest.newBuilder().setKey(key).setSerializable(i % 8 == 7).build())
          : kv.put(PutRequest.newBuilder().setKey(key).setValue(value).build()));
      if (inFlight.size() == CLIENTS) {
        for (ListenableFuture<?> f : inFlight) {
          f.get(30, TimeUnit.SECONDS);
        }
        inFlight.clear();
      }
    }
    ByteString key = ByteString.copyFromUtf8("cds-0");
    kv.txn(TxnRequest.newBuilder()
        .addCompare(Compare.newBuilder().setKey(key).setTarget(Compare.CompareTarget.VERSION)
            .setResult(Compare.CompareResult.GREATER).setVersion(0))
        .addSuccess(RequestOp.newBuilder().setRequestRange(RangeRequest.newBuilder().setKey(key)))
        .build()).get(30, TimeUnit.SECONDS);
    long lease = GrpcClients.newClient(base, LeaseGrpc.LeaseFutureStub.class)
        .leaseGrant(LeaseGrantRequest.newBuilder().setTTL(60).build()).get(30, TimeUnit.SECONDS).getID();
    kv.put(PutRequest.newBuilder().setKey(key).setValue(value).setLease(lease).build()).get(30, TimeUnit.SECONDS);
    watch(base, key, kv);
    GrpcClients.newClient(base, MaintenanceGrpc.MaintenanceFutureStub.class)
        .status(StatusRequest.getDefaultInstance()).get(30, TimeUnit.SECONDS);
    WebClient http = WebClient.of(base);
    for (String path : new String[] {"/health", "/version", "/metrics"}) {
      http.get(path).aggregate().get(30, TimeUnit.SECONDS);
    }
  }

  private static void watch(String base, ByteString key, KVGrpc.KVFutureStub kv) throws Exception {
    CountDownLatch event = new CountDownLatch(1);
    StreamObserver<WatchRequest> watch = GrpcClients.newClient(base, WatchGrpc.WatchStub.class)
        .watch(new StreamObserver<>() {
          @Override
          public void onNext(WatchResponse r) {
            if (r.getEventsCount() > 0) {
              event.countDown();
            }
          }

          @Override
          public void onError(Throwable t) {
            event.countDown();
          }

          @Override
          public void onCompleted() {
            event.countDown();
          }
        });
    watch.onNext(WatchRequest.newBuilder().setCreateRequest(WatchCreateRequest.newBuilder().setKey(key)).build());
    Thread.sleep(200);
    kv.put(PutRequest.newBuilder().setKey(key).setValue(ByteString.copyFrom("w", StandardCharsets.UTF_8)).build())
        .get(30, TimeUnit.SECONDS);
    event.await(30, TimeUnit.SECONDS);
    watch.onCompleted();
  }

  /** Both sockets are open at once, so the kernel cannot give the client and peer listeners one port. */
  private static int[] twoFreePorts() throws IOException {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (ServerSocket a = new ServerSocket(0, 1, loopback); ServerSocket b = new ServerSocket(0, 1, loopback)) {
      return new int[] {a.getLocalPort(), b.getLocalPort()};
    }
  }
}

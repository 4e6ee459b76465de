package dev.etcdj.cli.benchmark;

import dev.etcdj.api.LeaseGrantRequest;
import dev.etcdj.api.LeaseGrpc;
import dev.etcdj.api.LeaseKeepAliveRequest;
import dev.etcdj.api.LeaseKeepAliveResponse;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * etcd's {@code benchmark lease-keepalive}: each of {@code --clients} clients grants a lease (TTL 100 s) and
 * renews it {@code --total} times in all, one request in flight per client. By default each client keeps one
 * LeaseKeepAlive stream open (as a client's KeepAlive loop does); with {@code --once} every request opens a new
 * stream (as etcd's tool, which calls KeepAliveOnce).
 */
final class LeaseKeepaliveBenchmark {
    private static final long TTL = 100;

    private final BenchmarkMain.Opts o;
    private final List<ManagedChannel> channels;
    private final Map<String, Integer> errors = new TreeMap<>();

    LeaseKeepaliveBenchmark(BenchmarkMain.Opts o, List<ManagedChannel> channels) {
        this.o = o;
        this.channels = channels;
    }

    /** One round of requests shared by all clients. */
    private static final class Round {
        final int total;
        final BenchmarkMain.Sink sink;
        final AtomicInteger next = new AtomicInteger();
        final CountDownLatch finished;

        Round(int total, BenchmarkMain.Sink sink, int clients) {
            this.total = total;
            this.sink = sink;
            this.finished = new CountDownLatch(clients);
        }
    }

    /** One client: its lease and (unless --once) its keepalive stream. */
    private final class Client {
        final LeaseGrpc.LeaseStub stub;
        final LeaseKeepAliveRequest req;
        Call call;
        volatile Round round;
        long start;

        Client(ManagedChannel ch) {
            stub = LeaseGrpc.newStub(ch);
            long id = LeaseGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .leaseGrant(LeaseGrantRequest.newBuilder().setTTL(TTL).build()).getID();
            req = LeaseKeepAliveRequest.newBuilder().setID(id).build();
        }

        void begin(Round r) {
            round = r;
            issue();
        }

        private void issue() {
            Round r = round;
            if (r.next.getAndIncrement() >= r.total) {
                r.finished.countDown();
                return;
            }
            start = System.nanoTime();
            if (call == null || o.once) {
                call = new Call(this);
            }
            call.requests.onNext(req);
        }

        void answered(LeaseKeepAliveResponse resp, Call from) {
            long d = System.nanoTime() - start;
            if (resp.getTTL() <= 0) {
                round.sink.error("etcdserver: requested lease not found");
            } else {
                round.sink.ok(d);
            }
            if (o.once) {
                from.requests.onCompleted();
            }
            issue();
        }

        void failed(Throwable t, Call from) {
            if (from != call) {
                return; // a finished --once stream
            }
            io.grpc.Status s = io.grpc.Status.fromThrowable(t);
            round.sink.error(s.getDescription() != null ? s.getCode() + ": " + s.getDescription()
                    : s.getCode().toString());
            call = null;
            issue();
        }

        void close() {
            if (call != null && !o.once) {
                call.requests.onCompleted();
            }
        }
    }

    /** One LeaseKeepAlive stream. */
    private static final class Call implements StreamObserver<LeaseKeepAliveResponse> {
        final Client client;
        final StreamObserver<LeaseKeepAliveRequest> requests;

        Call(Client client) {
            this.client = client;
            this.requests = client.stub.leaseKeepAlive(this);
        }

        @Override
        public void onNext(LeaseKeepAliveResponse resp) {
            client.answered(resp, this);
        }

        @Override
        public void onError(Throwable t) {
            client.failed(t, this);
        }

        @Override
        public void onCompleted() {}
    }

    int run(PrintStream out) throws Exception {
        List<Client> clients = new ArrayList<>();
        try {
            for (int i = 0; i < o.clients; i++) {
                clients.add(new Client(channels.get(i % channels.size())));
            }
            if (o.warmup > 0) {
                drive(clients, new Round(o.warmup, new BenchmarkMain.Sink(new long[o.warmup], new TreeMap<>()),
                        clients.size()));
            }
            long[] lats = new long[o.total];
            Round r = new Round(o.total, new BenchmarkMain.Sink(lats, errors), clients.size());
            long t0 = System.nanoTime();
            drive(clients, r);
            long elapsed = System.nanoTime() - t0;
            int ok = r.sink.n.get();
            new BenchmarkMain.Report(java.util.Arrays.copyOf(lats, ok), errors, elapsed).print(o, out);
            return ok == 0 ? 1 : 0;
        } finally {
            for (Client c : clients) {
                c.close();
            }
        }
    }

    private void drive(List<Client> clients, Round r) throws InterruptedException {
        for (Client c : clients) {
            c.begin(r);
        }
        if (!r.finished.await(o.timeoutSec, TimeUnit.SECONDS)) {
            throw new IllegalStateException("benchmark timed out after " + o.timeoutSec + "s");
        }
    }
}

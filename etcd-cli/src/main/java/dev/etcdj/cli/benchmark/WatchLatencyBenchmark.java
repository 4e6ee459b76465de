package dev.etcdj.cli.benchmark;

import com.google.protobuf.ByteString;
import dev.etcdj.api.KVGrpc;
import dev.etcdj.api.PutRequest;
import dev.etcdj.api.WatchCreateRequest;
import dev.etcdj.api.WatchGrpc;
import dev.etcdj.api.WatchRequest;
import dev.etcdj.api.WatchResponse;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * etcd's {@code benchmark watch-latency}: {@code --clients} watchers, each on its own watch stream, watch one key;
 * the key is put {@code --total} times at {@code --put-rate} puts/s, one put at a time, and every watcher's latency
 * is the time from the put's acknowledgement to that watcher receiving the event (0 if the event came first).
 * Events/s is watchers x puts / elapsed, so it is bounded by the put rate.
 */
final class WatchLatencyBenchmark {
    private final BenchmarkMain.Opts o;
    private final List<ManagedChannel> channels;
    private volatile CountDownLatch pending;

    WatchLatencyBenchmark(BenchmarkMain.Opts o, List<ManagedChannel> channels) {
        this.o = o;
        this.channels = channels;
    }

    int run(PrintStream out) throws Exception {
        ByteString key = ByteString.copyFrom(BenchmarkMain.randBytes(o.keySize));
        ByteString val = ByteString.copyFrom(BenchmarkMain.randBytes(o.valSize));
        int watchers = o.clients;
        int puts = o.warmup + o.total;
        long[][] arrivals = new long[watchers][puts];
        Map<String, Integer> errors = new TreeMap<>();
        CountDownLatch created = new CountDownLatch(watchers);
        List<StreamObserver<WatchRequest>> streams = new ArrayList<>();
        WatchRequest create = WatchRequest.newBuilder()
                .setCreateRequest(WatchCreateRequest.newBuilder().setKey(key)).build();
        for (int i = 0; i < watchers; i++) {
            long[] mine = arrivals[i];
            StreamObserver<WatchRequest> s = WatchGrpc.newStub(channels.get(i % channels.size()))
                    .watch(new StreamObserver<>() {
                        private int seen;

                        @Override
                        public void onNext(WatchResponse r) {
                            if (r.getCreated()) {
                                created.countDown();
                                return;
                            }
                            long now = System.nanoTime();
                            for (int e = 0; e < r.getEventsCount(); e++) {
                                if (seen < mine.length) {
                                    mine[seen++] = now;
                                    pending.countDown();
                                }
                            }
                            if (r.getCanceled()) {
                                error(errors, "watch canceled: " + r.getCancelReason());
                            }
                        }

                        @Override
                        public void onError(Throwable t) {
                            error(errors, io.grpc.Status.fromThrowable(t).toString());
                            created.countDown();
                        }

                        @Override
                        public void onCompleted() {}
                    });
            s.onNext(create);
            streams.add(s);
        }
        if (!created.await(o.timeoutSec, TimeUnit.SECONDS) || !errors.isEmpty()) {
            throw new IllegalStateException("watchers not created: " + errors);
        }
        ManagedChannel putConn = BenchmarkMain.channel(o, o.endpoints.get(0));
        try {
            KVGrpc.KVBlockingStub kv = KVGrpc.newBlockingStub(putConn);
            PutRequest put = PutRequest.newBuilder().setKey(key).setValue(val).build();
            long[] acks = new long[puts];
            long interval = 1_000_000_000L / o.putRate;
            long t0 = 0;
            long slot = System.nanoTime();
            for (int p = 0; p < puts; p++) {
                if (p == o.warmup) {
                    t0 = System.nanoTime();
                    slot = t0;
                }
                long wait = slot - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                slot = Math.max(slot + interval, System.nanoTime() - interval);
                CountDownLatch latch = new CountDownLatch(watchers);
                pending = latch;
                kv.withDeadlineAfter(30, TimeUnit.SECONDS).put(put);
                acks[p] = System.nanoTime();
                if (!latch.await(o.timeoutSec, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("put " + p + ": " + latch.getCount() + " of " + watchers
                            + " watchers got no event; errors: " + errors);
                }
            }
            long elapsed = System.nanoTime() - t0;
            long[] lats = new long[watchers * o.total];
            int n = 0;
            for (long[] a : arrivals) {
                for (int p = o.warmup; p < puts; p++) {
                    lats[n++] = Math.max(0, a[p] - acks[p]);
                }
            }
            new BenchmarkMain.Report(lats, errors, elapsed).print(o, out);
            return errors.isEmpty() ? 0 : 1;
        } finally {
            for (StreamObserver<WatchRequest> s : streams) {
                s.onCompleted();
            }
            putConn.shutdownNow();
        }
    }

    static void error(Map<String, Integer> errors, String e) {
        synchronized (errors) {
            errors.merge(e, 1, Integer::sum);
        }
    }
}

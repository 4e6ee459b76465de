package dev.etcdj.cli.benchmark;

import com.google.protobuf.ByteString;
import dev.etcdj.api.Event;
import dev.etcdj.api.KVGrpc;
import dev.etcdj.api.PutRequest;
import dev.etcdj.api.PutResponse;
import dev.etcdj.api.WatchCreateRequest;
import dev.etcdj.api.WatchGrpc;
import dev.etcdj.api.WatchRequest;
import dev.etcdj.api.WatchResponse;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * etcd's {@code benchmark watch}: {@code --streams} watch streams with {@code --watch-per-stream} watchers each,
 * spread over {@code --watched-key-total} keys; then {@code --put-total} puts cycle through those keys
 * ({@code --clients} concurrent putters, or open loop at {@code --put-rate}) and every event delivered to every
 * watcher is counted. The events summary's Requests/sec is events delivered per second; its latencies run from
 * sending the put (the time travels in the value) to receiving the event.
 */
final class WatchBenchmark {
    private final BenchmarkMain.Opts o;
    private final List<ManagedChannel> channels;
    private final Map<String, Integer> errors = new TreeMap<>();
    private volatile Phase phase;

    /** Events expected by one round of puts, and their latencies. */
    private static final class Phase {
        final long[] lats;
        final AtomicInteger received = new AtomicInteger();
        final CountDownLatch done = new CountDownLatch(1);
        volatile long start;
        volatile long end;

        Phase(int expected) {
            lats = new long[expected];
        }

        void record(long lat) {
            int i = received.getAndIncrement();
            if (i < lats.length) {
                lats[i] = lat;
                if (i == lats.length - 1) {
                    end = System.nanoTime();
                    done.countDown();
                }
            }
        }
    }

    WatchBenchmark(BenchmarkMain.Opts o, List<ManagedChannel> channels) {
        this.o = o;
        this.channels = channels;
    }

    int run(PrintStream out) throws Exception {
        ByteString[] watched = new ByteString[o.watchedKeyTotal];
        for (int i = 0; i < watched.length; i++) {
            watched[i] = BenchmarkMain.key(o.keySize, o.sequentialKeys ? i % o.keySpaceSize
                    : ThreadLocalRandom.current().nextInt(o.keySpaceSize));
        }
        int total = o.streams * o.watchPerStream;
        int[] perKey = new int[watched.length];
        for (int j = 0; j < total; j++) {
            perKey[j % watched.length]++;
        }
        long[] createLats = new long[total];
        AtomicInteger createdN = new AtomicInteger();
        CountDownLatch created = new CountDownLatch(total);
        List<StreamObserver<WatchRequest>> streams = new ArrayList<>();
        long c0 = System.nanoTime();
        try {
            for (int s = 0; s < o.streams; s++) {
                ArrayDeque<Long> sentAt = new ArrayDeque<>();
                StreamObserver<WatchRequest> req = WatchGrpc.newStub(channels.get(s % channels.size()))
                        .watch(new StreamObserver<>() {
                            @Override
                            public void onNext(WatchResponse r) {
                                long now = System.nanoTime();
                                if (r.getCreated()) {
                                    Long st;
                                    synchronized (sentAt) {
                                        st = sentAt.poll();
                                    }
                                    createLats[createdN.getAndIncrement()] = now - (st == null ? now : st);
                                    created.countDown();
                                    return;
                                }
                                if (r.getCanceled()) {
                                    WatchLatencyBenchmark.error(errors, "watch canceled: " + r.getCancelReason());
                                }
                                Phase p = phase;
                                if (p == null) {
                                    return;
                                }
                                for (Event e : r.getEventsList()) {
                                    p.record(now - e.getKv().getValue().asReadOnlyByteBuffer().getLong());
                                }
                            }

                            @Override
                            public void onError(Throwable t) {
                                WatchLatencyBenchmark.error(errors, io.grpc.Status.fromThrowable(t).toString());
                            }

                            @Override
                            public void onCompleted() {}
                        });
                streams.add(req);
                for (int j = 0; j < o.watchPerStream; j++) {
                    WatchRequest create = WatchRequest.newBuilder().setCreateRequest(WatchCreateRequest.newBuilder()
                            .setKey(watched[(s * o.watchPerStream + j) % watched.length])).build();
                    synchronized (sentAt) {
                        sentAt.add(System.nanoTime());
                    }
                    req.onNext(create);
                }
            }
            if (!created.await(o.timeoutSec, TimeUnit.SECONDS) || !errors.isEmpty()) {
                throw new IllegalStateException(created.getCount() + " watchers not created; errors: " + errors);
            }
            Map<String, Integer> noErrors = new TreeMap<>();
            BenchmarkMain.Report creation = new BenchmarkMain.Report(createLats, noErrors, System.nanoTime() - c0);
            if (o.warmup > 0) {
                runPuts(watched, perKey, o.warmup);
            }
            Phase p = runPuts(watched, perKey, o.putTotal);
            if (p == null) {
                return 1;
            }
            long elapsed = p.end - p.start;
            if (!o.json) {
                out.print("Watch creation summary:\n" + creation.text());
                out.print("Watch events received summary:\n");
            }
            new BenchmarkMain.Report(p.lats, errors, elapsed).print(o, out);
            return errors.isEmpty() ? 0 : 1;
        } finally {
            for (StreamObserver<WatchRequest> s : streams) {
                s.onCompleted();
            }
        }
    }

    /** Puts {@code n} times and waits for all their events; null (and a message) if some never came. */
    private Phase runPuts(ByteString[] watched, int[] perKey, int n) throws InterruptedException {
        int expected = 0;
        for (int i = 0; i < n; i++) {
            expected += perKey[i % watched.length];
        }
        Phase p = new Phase(expected);
        phase = p;
        p.start = System.nanoTime();
        AtomicInteger next = new AtomicInteger();
        if (o.putRate > 0) {
            KVGrpc.KVStub stub = KVGrpc.newStub(channels.get(0));
            long interval = 1_000_000_000L / o.putRate;
            long slot = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long wait = slot - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                slot += interval;
                stub.put(put(watched[i % watched.length]), putObserver(null));
            }
        } else {
            for (int c = 0; c < o.clients; c++) {
                KVGrpc.KVStub stub = KVGrpc.newStub(channels.get(c % channels.size()));
                new Runnable() {
                    @Override
                    public void run() {
                        int i = next.getAndIncrement();
                        if (i < n) {
                            stub.put(put(watched[i % watched.length]), putObserver(this));
                        }
                    }
                }.run();
            }
        }
        if (!p.done.await(o.timeoutSec, TimeUnit.SECONDS)) {
            System.err.println("only " + p.received.get() + " of " + expected + " events received; errors: " + errors);
            return null;
        }
        return p;
    }

    private PutRequest put(ByteString key) {
        byte[] v = new byte[Math.max(8, o.valSize)];
        ByteBuffer.wrap(v).putLong(System.nanoTime());
        return PutRequest.newBuilder().setKey(key).setValue(ByteString.copyFrom(v)).build();
    }

    private StreamObserver<PutResponse> putObserver(Runnable next) {
        return new StreamObserver<>() {
            @Override
            public void onNext(PutResponse r) {}

            @Override
            public void onError(Throwable t) {
                WatchLatencyBenchmark.error(errors, "put: " + io.grpc.Status.fromThrowable(t));
                if (next != null) {
                    next.run();
                }
            }

            @Override
            public void onCompleted() {
                if (next != null) {
                    next.run();
                }
            }
        };
    }
}

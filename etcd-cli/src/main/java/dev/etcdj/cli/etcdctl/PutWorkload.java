package dev.etcdj.cli.etcdctl;

import com.google.protobuf.ByteString;
import dev.etcdj.api.KVGrpc;
import dev.etcdj.api.PutRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * Puts of random keys under a prefix from one worker thread per client, fed through a queue as
 * long as each client has one request in flight; latencies and errors are gathered as etcd's
 * pkg/report does (throughput over the wall time of the whole run, latencies of successes only).
 */
final class PutWorkload {
    /** etcd's report figures, in seconds. */
    record Stats(double rps, double slowest, double stddev, Map<String, Integer> errors) {}

    private static final PutRequest END = PutRequest.getDefaultInstance();

    private final List<Client> clients;
    private final ByteString prefix;
    private final int keySize;
    private final ByteString value;
    private final List<Double> latencies = new ArrayList<>();
    private final Map<String, Integer> errors = new LinkedHashMap<>();

    PutWorkload(List<Client> clients, ByteString prefix, int keySize, int valueSize) {
        this.clients = clients;
        this.prefix = prefix;
        this.keySize = keySize;
        this.value = ByteString.copyFrom(new byte[valueSize]);
    }

    /** At most {@code perSecond} puts a second until {@code nanos} have passed. */
    Stats runPaced(int perSecond, long nanos) throws InterruptedException {
        long interval = 1_000_000_000L / perSecond;
        return run(q -> {
            long start = System.nanoTime();
            long next = start;
            while (next - start < nanos) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                q.put(next());
                next += interval;
            }
        });
    }

    /** {@code count} puts as fast as the clients go. */
    Stats runCount(int count) throws InterruptedException {
        return run(q -> {
            for (int i = 0; i < count; i++) {
                q.put(next());
            }
        });
    }

    private interface Feeder {
        void feed(BlockingQueue<PutRequest> q) throws InterruptedException;
    }

    private PutRequest next() {
        return CheckCommands.put(CheckCommands.randomKey(prefix, keySize), value);
    }

    private Stats run(Feeder feeder) throws InterruptedException {
        BlockingQueue<PutRequest> q = new ArrayBlockingQueue<>(clients.size());
        long start = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (Client cl : clients) {
            Thread t = new Thread(() -> work(cl, q), "check-worker");
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }
        feeder.feed(q);
        for (int i = 0; i < workers.size(); i++) {
            q.put(END);
        }
        for (Thread t : workers) {
            t.join();
        }
        double total = (System.nanoTime() - start) / 1e9;
        synchronized (this) {
            int n = latencies.size();
            double sum = 0;
            double slowest = 0;
            for (double l : latencies) {
                sum += l;
                slowest = Math.max(slowest, l);
            }
            double avg = sum / n;
            double var = 0;
            for (double l : latencies) {
                var += (l - avg) * (l - avg);
            }
            return new Stats(n / total, slowest, Math.sqrt(var / n), errors);
        }
    }

    private void work(Client cl, BlockingQueue<PutRequest> q) {
        KVGrpc.KVBlockingStub stub = cl.streamStub(KVGrpc::newBlockingStub);
        try {
            while (true) {
                PutRequest r = q.take();
                if (r == END) {
                    return;
                }
                long st = System.nanoTime();
                try {
                    stub.put(r);
                    record((System.nanoTime() - st) / 1e9);
                } catch (RuntimeException e) {
                    recordError(CheckCommands.errorText(e));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void record(double seconds) {
        latencies.add(seconds);
    }

    private synchronized void recordError(String text) {
        errors.merge(text, 1, Integer::sum);
    }
}

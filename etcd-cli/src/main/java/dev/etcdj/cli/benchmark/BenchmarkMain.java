package dev.etcdj.cli.benchmark;

import com.google.protobuf.ByteString;
import dev.etcdj.api.KVGrpc;
import dev.etcdj.api.PutRequest;
import dev.etcdj.api.RangeRequest;
import dev.etcdj.api.RequestOp;
import dev.etcdj.api.TxnRequest;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A load generator modelled on etcd's tools/benchmark. Works against any etcd v3 gRPC server.
 *
 * <pre>
 * benchmark [global flags] put [--total=N] [--key-size=8] [--val-size=8] [--sequential-keys] [--key-space-size=1]
 * benchmark [global flags] range KEY [END] [--total=N] [--consistency=l|s]
 * benchmark [global flags] txn-put [--total=N] [--key-size=8] [--val-size=8] [--txn-ops=1] [--key-space-size=1]
 * benchmark [global flags] watch-latency [--total=N] [--put-rate=100] [--key-size=32] [--val-size=32]
 * benchmark [global flags] watch [--streams=10] [--watch-per-stream=100] [--watched-key-total=1] [--put-total=1000] [--put-rate=0]
 * benchmark [global flags] lease-keepalive [--total=N] [--once]
 * global: --endpoints=host:port[,..] --conns=1 --clients=1 [--warmup=0] [--json] [--precision=4]
 *         [--cacert=ca.crt] [--cert=client.crt --key=client.key]
 * </pre>
 */
public final class BenchmarkMain {

    private BenchmarkMain() {}

    public static void main(String[] args) {
        int rc = run(args, System.in, System.out, System.err);
        System.exit(rc);
    }

    /** Parsed options. */
    static final class Opts {
        List<String> endpoints = List.of("127.0.0.1:2379");
        int conns = 1;
        int clients = 1;
        int total = 10000;
        int warmup = 0;
        int keySize = -1; // -1 = the command's default
        int valSize = -1;
        int keySpaceSize = 1;
        boolean sequentialKeys;
        int txnOps = 1;
        String consistency = "l";
        boolean json;
        String op;
        List<String> positional = new ArrayList<>();
        long timeoutSec = 600;
        String cacert = "";
        String cert = "";
        String key = "";

        /** TLS as etcd's benchmark: any TLS file given, or an https:// endpoint. */
        boolean secure(String endpoint) {
            return !cacert.isEmpty() || !cert.isEmpty() || !key.isEmpty() || endpoint.trim().startsWith("https://");
        }
        int putRate = -1; // -1 = the command's default
        int putTotal = 1000;
        int streams = 10;
        int watchPerStream = 100;
        int watchedKeyTotal = 1;
        boolean once;
    }

    static final String USAGE = String.join("\n",
            "Usage: benchmark [global flags] <put|range|txn-put|watch-latency|watch|lease-keepalive> [command flags]",
            "",
            "Global flags:",
            "  --endpoints=127.0.0.1:2379   comma separated gRPC endpoints (http:// prefix allowed)",
            "  --conns=1                    number of gRPC connections (channels)",
            "  --clients=1                  number of concurrent in-flight requests",
            "  --warmup=0                   requests issued (and not measured) before the run",
            "  --json                       print the result as one JSON object instead of the report",
            "  --timeout=600                overall timeout in seconds",
            "  --cacert=''                  verify the servers' certificates with this CA bundle (TLS)",
            "  --cert='' --key=''           client certificate and key for TLS client authentication",
            "",
            "put flags:      --total=10000 --key-size=8 --val-size=8 --sequential-keys --key-space-size=1",
            "range:          range KEY [END] --total=10000 --consistency=l|s",
            "txn-put flags:  --total=10000 --key-size=8 --val-size=8 --txn-ops=1 --key-space-size=1",
            "seed KEY --val-size=8          writes one key (to prepare a range benchmark)",
            "watch-latency flags: --total=10000 --put-rate=100 --key-size=32 --val-size=32",
            "                     --clients watchers (one watch stream each) on one key; latency = put ack to event",
            "watch flags:    --streams=10 --watch-per-stream=100 --watched-key-total=1 --put-total=1000",
            "                --put-rate=0 (0 = unlimited) --key-size=32 --key-space-size=1 --sequential-keys",
            "                latency = put sent to event received; --clients concurrent putters",
            "lease-keepalive flags: --total=10000 --once (a new keepalive stream per request, as etcd's tool)",
            "",
            "The last line of the text report is machine readable:",
            "  RESULT op=put clients=16 conns=1 total=10000 errors=0 secs=... rps=... avg_ms=... p50_ms=... p99_ms=...",
            "");

    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        dev.etcdj.cli.common.GrpcSetup.init();
        Opts o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("Error: " + e.getMessage());
            err.print(USAGE);
            return 1;
        }
        if (o == null) {
            out.print(USAGE);
            return 0;
        }
        try {
            return execute(o, out, err);
        } catch (Exception e) {
            err.println("Error: " + e);
            return 1;
        }
    }

    static Opts parse(String[] args) {
        Opts o = new Opts();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help") || a.equals("help")) {
                return null;
            }
            if (a.startsWith("--")) {
                String name;
                String val = null;
                int eq = a.indexOf('=');
                if (eq > 0) {
                    name = a.substring(2, eq);
                    val = a.substring(eq + 1);
                } else {
                    name = a.substring(2);
                }
                boolean isBool = name.equals("sequential-keys") || name.equals("json") || name.equals("once");
                if (!isBool && val == null) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("flag needs an argument: --" + name);
                    }
                    val = args[++i];
                }
                try {
                    switch (name) {
                        case "endpoints" -> o.endpoints = Arrays.asList(val.split(","));
                        case "conns" -> o.conns = Integer.parseInt(val);
                        case "clients" -> o.clients = Integer.parseInt(val);
                        case "total" -> o.total = Integer.parseInt(val);
                        case "warmup" -> o.warmup = Integer.parseInt(val);
                        case "key-size" -> o.keySize = Integer.parseInt(val);
                        case "val-size" -> o.valSize = Integer.parseInt(val);
                        case "key-space-size" -> o.keySpaceSize = Integer.parseInt(val);
                        case "txn-ops" -> o.txnOps = Integer.parseInt(val);
                        case "timeout" -> o.timeoutSec = Long.parseLong(val);
                        case "consistency" -> o.consistency = val;
                        case "cacert" -> o.cacert = val;
                        case "cert" -> o.cert = val;
                        case "key" -> o.key = val;
                        case "sequential-keys" -> o.sequentialKeys = val == null || Boolean.parseBoolean(val);
                        case "json" -> o.json = val == null || Boolean.parseBoolean(val);
                        case "once" -> o.once = val == null || Boolean.parseBoolean(val);
                        case "put-rate" -> o.putRate = Integer.parseInt(val);
                        case "put-total" -> o.putTotal = Integer.parseInt(val);
                        case "streams" -> o.streams = Integer.parseInt(val);
                        case "watch-per-stream" -> o.watchPerStream = Integer.parseInt(val);
                        case "watched-key-total" -> o.watchedKeyTotal = Integer.parseInt(val);
                        // accepted for command-line compatibility with etcd's benchmark, ignored
                        case "rate", "precise", "sample", "target-leader", "dial-timeout", "user",
                             "report-perfdata", "compact-interval",
                             "compact-index-delta" -> { }
                        default -> throw new IllegalArgumentException("unknown flag: --" + name);
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("invalid argument \"" + val + "\" for --" + name);
                }
            } else if (o.op == null) {
                o.op = a;
            } else {
                o.positional.add(a);
            }
        }
        if (o.op == null) {
            throw new IllegalArgumentException("no command given");
        }
        switch (o.op) {
            case "put", "txn-put", "watch-latency", "watch", "lease-keepalive" -> {
                if (!o.positional.isEmpty()) {
                    throw new IllegalArgumentException(o.op + " takes no arguments");
                }
            }
            case "range" -> {
                if (o.positional.isEmpty() || o.positional.size() > 2) {
                    throw new IllegalArgumentException("range requires KEY [END]");
                }
                if (!o.consistency.equals("l") && !o.consistency.equals("s")) {
                    throw new IllegalArgumentException("consistency must be l or s");
                }
            }
            case "seed" -> {
                if (o.positional.size() != 1) {
                    throw new IllegalArgumentException("seed requires KEY (value: --val-size random bytes)");
                }
            }
            default -> throw new IllegalArgumentException("unknown command \"" + o.op + "\"");
        }
        if (o.cert.isEmpty() != o.key.isEmpty()) {
            throw new IllegalArgumentException("--cert and --key must be given together");
        }
        boolean watching = o.op.startsWith("watch");
        if (o.keySize < 0) {
            o.keySize = watching ? 32 : 8;
        }
        if (o.valSize < 0) {
            o.valSize = watching ? 32 : 8;
        }
        if (o.putRate < 0) {
            o.putRate = o.op.equals("watch-latency") ? 100 : 0;
        }
        if (o.conns < 1 || o.clients < 1 || o.total < 1 || o.keySize < 1 || o.keySpaceSize < 1 || o.txnOps < 1) {
            throw new IllegalArgumentException("--conns, --clients, --total, --key-size, --key-space-size, --txn-ops must be >= 1");
        }
        if (o.streams < 1 || o.watchPerStream < 1 || o.watchedKeyTotal < 1 || o.putTotal < 1) {
            throw new IllegalArgumentException("--streams, --watch-per-stream, --watched-key-total, --put-total must be >= 1");
        }
        if (o.op.equals("watch-latency") && o.putRate < 1) {
            throw new IllegalArgumentException("--put-rate must be >= 1 for watch-latency");
        }
        return o;
    }

    /** Issues one request and reports completion (null = success, else error text). */
    private interface RequestIssuer {
        void issue(KVGrpc.KVStub stub, int seq, Consumer<String> done);
    }

    static String target(String ep) {
        String e = ep.trim();
        int p = e.indexOf("://");
        if (p >= 0) {
            e = e.substring(p + 3);
        }
        if (e.endsWith("/")) {
            e = e.substring(0, e.length() - 1);
        }
        return e;
    }

    /** A channel (TLS when asked) whose callbacks run on its event loop (the handlers here never block). */
    static ManagedChannel channel(Opts o, String endpoint) throws IOException {
        return NettyChannelBuilder.forTarget(target(endpoint), credentials(o, endpoint))
                .directExecutor()
                .maxInboundMessageSize(Integer.MAX_VALUE)
                .build();
    }

    private static int execute(Opts o, PrintStream out, PrintStream err) throws Exception {
        List<ManagedChannel> channels = new ArrayList<>();
        try {
            for (int i = 0; i < o.conns; i++) {
                channels.add(channel(o, o.endpoints.get(i % o.endpoints.size())));
            }
            KVGrpc.KVStub[] stubs = new KVGrpc.KVStub[o.clients];
            for (int i = 0; i < o.clients; i++) {
                stubs[i] = KVGrpc.newStub(channels.get(i % channels.size()));
            }
            if (o.op.equals("seed")) {
                KVGrpc.newBlockingStub(channels.get(0)).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .put(PutRequest.newBuilder()
                                .setKey(ByteString.copyFrom(o.positional.get(0), StandardCharsets.UTF_8))
                                .setValue(ByteString.copyFrom(randBytes(o.valSize))).build());
                out.println("OK");
                return 0;
            }
            switch (o.op) {
                case "watch-latency" -> {
                    return new WatchLatencyBenchmark(o, channels).run(out);
                }
                case "watch" -> {
                    return new WatchBenchmark(o, channels).run(out);
                }
                case "lease-keepalive" -> {
                    return new LeaseKeepaliveBenchmark(o, channels).run(out);
                }
                default -> { }
            }
            RequestIssuer issuer = makeIssuer(o);
            if (o.warmup > 0) {
                drive(stubs, issuer, o.warmup, o.timeoutSec, null);
            }
            long[] lats = new long[o.total];
            Map<String, Integer> errors = new TreeMap<>();
            long t0 = System.nanoTime();
            int ok = drive(stubs, issuer, o.total, o.timeoutSec, new Sink(lats, errors));
            long elapsed = System.nanoTime() - t0;
            new Report(Arrays.copyOf(lats, ok), errors, elapsed).print(o, out);
            return ok == 0 ? 1 : 0;
        } finally {
            for (ManagedChannel c : channels) {
                c.shutdownNow();
            }
            for (ManagedChannel c : channels) {
                c.awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    static ChannelCredentials credentials(Opts o, String endpoint) throws IOException {
        if (!o.secure(endpoint)) {
            return InsecureChannelCredentials.create();
        }
        TlsChannelCredentials.Builder b = TlsChannelCredentials.newBuilder();
        if (!o.cacert.isEmpty()) {
            b.trustManager(new File(o.cacert));
        }
        if (!o.cert.isEmpty()) {
            b.keyManager(new File(o.cert), new File(o.key));
        }
        return b.build();
    }

    /** Collects results, thread-safe. */
    static final class Sink {
        final long[] lats;
        final Map<String, Integer> errors;
        final AtomicInteger n = new AtomicInteger();

        Sink(long[] lats, Map<String, Integer> errors) {
            this.lats = lats;
            this.errors = errors;
        }

        void ok(long nanos) {
            lats[n.getAndIncrement()] = nanos;
        }

        void error(String e) {
            synchronized (errors) {
                errors.merge(e, 1, Integer::sum);
            }
        }
    }

    /** Runs {@code total} requests with one in-flight request per stub; returns the number of successes. */
    private static int drive(KVGrpc.KVStub[] stubs, RequestIssuer issuer, int total, long timeoutSec, Sink sink)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        CountDownLatch finished = new CountDownLatch(stubs.length);
        for (KVGrpc.KVStub stub : stubs) {
            new Runnable() {
                @Override
                public void run() {
                    int seq = next.getAndIncrement();
                    if (seq >= total) {
                        finished.countDown();
                        return;
                    }
                    long st = System.nanoTime();
                    Runnable self = this;
                    issuer.issue(stub, seq, error -> {
                        long d = System.nanoTime() - st;
                        if (sink != null) {
                            if (error == null) {
                                sink.ok(d);
                            } else {
                                sink.error(error);
                            }
                        }
                        self.run();
                    });
                }
            }.run();
        }
        if (!finished.await(timeoutSec, TimeUnit.SECONDS)) {
            throw new IllegalStateException("benchmark timed out after " + timeoutSec + "s");
        }
        return sink == null ? 0 : sink.n.get();
    }

    private static <T> StreamObserver<T> observer(Consumer<String> done) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {}

            @Override
            public void onError(Throwable t) {
                io.grpc.Status s = io.grpc.Status.fromThrowable(t);
                done.accept(s.getDescription() != null ? s.getCode() + ": " + s.getDescription() : s.getCode().toString());
            }

            @Override
            public void onCompleted() {
                done.accept(null);
            }
        };
    }

    static byte[] randBytes(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + r.nextInt(26));
        }
        return b;
    }

    /** Key like etcd's benchmark: a varint of the key index, zero padded to keySize. */
    static ByteString key(int keySize, long idx) {
        byte[] k = new byte[keySize];
        long ux = idx << 1; // zig-zag like Go's binary.PutVarint
        if (idx < 0) {
            ux = ~ux;
        }
        int i = 0;
        while (ux >= 0x80 && i < keySize) {
            k[i++] = (byte) (ux | 0x80);
            ux >>>= 7;
        }
        if (i < keySize) {
            k[i] = (byte) ux;
        }
        return ByteString.copyFrom(k);
    }

    private static RequestIssuer makeIssuer(Opts o) {
        switch (o.op) {
            case "put": {
                ByteString val = ByteString.copyFrom(randBytes(o.valSize));
                return (stub, seq, done) -> {
                    long idx = o.sequentialKeys ? seq % o.keySpaceSize
                            : ThreadLocalRandom.current().nextInt(o.keySpaceSize);
                    PutRequest req = PutRequest.newBuilder().setKey(key(o.keySize, idx)).setValue(val).build();
                    stub.put(req, observer(done));
                };
            }
            case "txn-put": {
                ByteString val = ByteString.copyFrom(randBytes(o.valSize));
                return (stub, seq, done) -> {
                    TxnRequest.Builder b = TxnRequest.newBuilder();
                    for (int j = 0; j < o.txnOps; j++) {
                        long idx = ThreadLocalRandom.current().nextInt(o.keySpaceSize);
                        b.addSuccess(RequestOp.newBuilder().setRequestPut(
                                PutRequest.newBuilder().setKey(key(o.keySize, idx)).setValue(val)));
                    }
                    stub.txn(b.build(), observer(done));
                };
            }
            default: {
                RangeRequest.Builder b = RangeRequest.newBuilder()
                        .setKey(ByteString.copyFrom(o.positional.get(0), StandardCharsets.UTF_8))
                        .setSerializable(o.consistency.equals("s"));
                if (o.positional.size() > 1) {
                    b.setRangeEnd(ByteString.copyFrom(o.positional.get(1), StandardCharsets.UTF_8));
                }
                RangeRequest req = b.build();
                return (stub, seq, done) -> stub.range(req, observer(done));
            }
        }
    }

    /** Summary statistics in the layout of etcd's pkg/report. */
    static final class Report {
        static final double[] PCTLS = {10, 25, 50, 75, 90, 95, 99, 99.9};
        final double[] lats; // seconds, sorted
        final Map<String, Integer> errors;
        final double total;
        final double rps;
        final double avg;
        final double stddev;
        final double fastest;
        final double slowest;

        Report(long[] nanos, Map<String, Integer> errors, long elapsedNanos) {
            this.errors = errors;
            Arrays.sort(nanos);
            lats = new double[nanos.length];
            double sum = 0;
            for (int i = 0; i < nanos.length; i++) {
                lats[i] = nanos[i] / 1e9;
                sum += lats[i];
            }
            total = elapsedNanos / 1e9;
            int n = lats.length;
            rps = n / total;
            avg = n == 0 ? 0 : sum / n;
            double var = 0;
            for (double l : lats) {
                var += (l - avg) * (l - avg);
            }
            stddev = n == 0 ? 0 : Math.sqrt(var / n);
            fastest = n == 0 ? 0 : lats[0];
            slowest = n == 0 ? 0 : lats[n - 1];
        }

        double[] percentiles() {
            double[] data = new double[PCTLS.length];
            int j = 0;
            int n = lats.length;
            for (int i = 0; i < n && j < PCTLS.length; i++) {
                double cur = i * 100.0 / n;
                if (cur >= PCTLS[j]) {
                    data[j++] = lats[i];
                }
            }
            return data;
        }

        static String f(double d) {
            return String.format(Locale.ROOT, "%4.4f", d);
        }

        static String pctlName(double p) {
            return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
        }

        String text() {
            StringBuilder s = new StringBuilder();
            if (lats.length > 0) {
                s.append("\nSummary:\n");
                s.append("  Total:\t").append(f(total)).append(" secs.\n");
                s.append("  Slowest:\t").append(f(slowest)).append(" secs.\n");
                s.append("  Fastest:\t").append(f(fastest)).append(" secs.\n");
                s.append("  Average:\t").append(f(avg)).append(" secs.\n");
                s.append("  Stddev:\t").append(f(stddev)).append(" secs.\n");
                s.append("  Requests/sec:\t").append(f(rps)).append('\n');
                s.append(histogram());
                s.append("\nLatency distribution:\n");
                double[] data = percentiles();
                for (int i = 0; i < PCTLS.length; i++) {
                    if (data[i] > 0) {
                        s.append("  ").append(pctlName(PCTLS[i])).append("% in ").append(f(data[i])).append(" secs.\n");
                    }
                }
            }
            if (!errors.isEmpty()) {
                s.append("\nError distribution:\n");
                errors.forEach((e, c) -> s.append("  [").append(c).append("]\t").append(e).append('\n'));
            }
            return s.toString();
        }

        String histogram() {
            int bc = 10;
            double[] buckets = new double[bc + 1];
            int[] counts = new int[bc + 1];
            double bs = (slowest - fastest) / bc;
            for (int i = 0; i < bc; i++) {
                buckets[i] = fastest + bs * i;
            }
            buckets[bc] = slowest;
            int bi = 0;
            int max = 0;
            for (int i = 0; i < lats.length; ) {
                if (lats[i] <= buckets[bi]) {
                    i++;
                    counts[bi]++;
                    max = Math.max(max, counts[bi]);
                } else if (bi < buckets.length - 1) {
                    bi++;
                } else {
                    break;
                }
            }
            StringBuilder s = new StringBuilder("\nResponse time histogram:\n");
            for (int i = 0; i < buckets.length; i++) {
                int bar = max > 0 ? counts[i] * 40 / max : 0;
                s.append("  ").append(f(buckets[i])).append(" [").append(counts[i]).append("]\t|")
                        .append("\u220e".repeat(bar)).append('\n');
            }
            return s.toString();
        }

        /** The text report and RESULT line, or the JSON object with --json. */
        void print(Opts o, PrintStream out) {
            if (o.json) {
                out.println(json(o));
            } else {
                out.print(text());
                out.println(resultLine(o));
            }
            out.flush();
        }

        int errorCount() {
            return errors.values().stream().mapToInt(Integer::intValue).sum();
        }

        String resultLine(Opts o) {
            double[] p = percentiles();
            return String.format(Locale.ROOT,
                    "RESULT op=%s clients=%d conns=%d total=%d errors=%d secs=%.4f rps=%.2f avg_ms=%.3f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f",
                    resultOp(o), o.clients, o.conns, lats.length, errorCount(), total, rps, avg * 1e3,
                    p[2] * 1e3, p[4] * 1e3, p[6] * 1e3);
        }

        static String resultOp(Opts o) {
            return o.op.equals("range") ? "range-" + (o.consistency.equals("s") ? "serializable" : "linearizable") : o.op;
        }

        String json(Opts o) {
            double[] p = percentiles();
            StringBuilder s = new StringBuilder();
            s.append(String.format(Locale.ROOT,
                    "{\"op\":\"%s\",\"clients\":%d,\"conns\":%d,\"total\":%d,\"errors\":%d,\"secs\":%.6f,\"rps\":%.3f,"
                            + "\"slowest\":%.6f,\"fastest\":%.6f,\"average\":%.6f,\"stddev\":%.6f,\"percentiles\":{",
                    resultOp(o), o.clients, o.conns, lats.length, errorCount(), total, rps, slowest, fastest, avg, stddev));
            for (int i = 0; i < PCTLS.length; i++) {
                if (i > 0) {
                    s.append(',');
                }
                s.append('"').append(pctlName(PCTLS[i])).append("\":").append(String.format(Locale.ROOT, "%.6f", p[i]));
            }
            s.append("}}");
            return s.toString();
        }
    }
}

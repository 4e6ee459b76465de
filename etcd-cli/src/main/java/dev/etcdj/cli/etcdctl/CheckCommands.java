package dev.etcdj.cli.etcdctl;

import com.google.protobuf.ByteString;
import dev.etcdj.api.CompactionRequest;
import dev.etcdj.api.DefragmentRequest;
import dev.etcdj.api.DeleteRangeRequest;
import dev.etcdj.api.DeleteRangeResponse;
import dev.etcdj.api.KVGrpc;
import dev.etcdj.api.MaintenanceGrpc;
import dev.etcdj.api.PutRequest;
import dev.etcdj.api.RangeRequest;
import io.grpc.StatusRuntimeException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code etcdctl check perf} and {@code check datascale}: etcdctl 3.4's workloads of random-key puts
 * from many clients, judged by etcdctl's thresholds (perf) or by the growth of the first endpoint's
 * resident memory as its /metrics reports it (datascale). The keys are deleted afterwards.
 */
final class CheckCommands {
    /** A perf workload: puts per second, clients, seconds. */
    private record PerfLoad(int limit, int clients, int seconds) {}

    /** A datascale workload: keys, bytes per key-value, clients. */
    private record ScaleLoad(int limit, int kvSize, int clients) {}

    private static final Map<String, PerfLoad> PERF = Map.of(
            "s", new PerfLoad(150, 50, 60), "m", new PerfLoad(1000, 200, 60),
            "l", new PerfLoad(8000, 500, 60), "xl", new PerfLoad(15000, 1000, 60));

    private static final Map<String, ScaleLoad> SCALE = Map.of(
            "s", new ScaleLoad(10_000, 1024, 50), "m", new ScaleLoad(100_000, 1024, 200),
            "l", new ScaleLoad(1_000_000, 1024, 500), "xl", new ScaleLoad(3_000_000, 1024, 1000));

    private static final Map<String, String> ALIASES = Map.of("s", "s", "small", "s", "m", "m", "medium", "m",
            "l", "l", "large", "l", "xl", "xl", "xLarge", "xl");

    private CheckCommands() {}

    static void perf(Cmd c) throws InterruptedException {
        PerfLoad load = PERF.get(model(c));
        String prefix = c.str("prefix");
        List<Client> clients = clients(c, load.clients());
        requireEmpty(clients.get(0), prefix);
        PutWorkload w = new PutWorkload(clients, ByteString.copyFromUtf8(prefix), 256, 1024);
        PutWorkload.Stats s = w.runPaced(load.limit(), load.seconds() * 1_000_000_000L);
        cleanUp(c, clients.get(0), prefix);

        boolean ok = true;
        if (!s.errors().isEmpty()) {
            c.out.println("FAIL: too many errors");
            s.errors().forEach((k, v) -> c.out.println("FAIL: ERROR(" + k + ") -> " + v));
            ok = false;
        }
        if (s.rps() / load.limit() <= 0.9) {
            c.out.println("FAIL: Throughput too low: " + ((int) s.rps() + 1) + " writes/s");
            ok = false;
        } else {
            c.out.println("PASS: Throughput is " + ((int) s.rps() + 1) + " writes/s");
        }
        if (s.slowest() > 0.5) {
            c.out.println("Slowest request took too long: " + fixed6(s.slowest()) + "s");
            ok = false;
        } else {
            c.out.println("PASS: Slowest request took " + fixed6(s.slowest()) + "s");
        }
        if (s.stddev() > 0.1) {
            c.out.println("Stddev too high: " + fixed6(s.stddev()) + "s");
            ok = false;
        } else {
            c.out.println("PASS: Stddev is " + fixed6(s.stddev()) + "s");
        }
        c.out.println(ok ? "PASS" : "FAIL");
        if (!ok) {
            throw EtcdctlException.silent(Exit.ERROR);
        }
    }

    static void datascale(Cmd c) throws InterruptedException {
        ScaleLoad load = SCALE.get(model(c));
        String prefix = c.str("prefix");
        List<Client> clients = clients(c, load.clients());
        requireEmpty(clients.get(0), prefix);
        String metricsEndpoint = c.g.endpoints.get(0);
        double before = MemoryMetrics.residentBytes(metricsEndpoint, c.g, c.out);
        if (before == 0) {
            c.out.println("FAIL: Could not read process_resident_memory_bytes before the put operations.");
            throw EtcdctlException.silent(Exit.ERROR);
        }
        c.out.println("Start data scale check for work load [" + load.limit() + " key-value pairs, " + load.kvSize()
                + " bytes per key-value, " + load.clients() + " concurrent clients].");
        c.out.flush();
        PutWorkload w = new PutWorkload(clients, ByteString.copyFromUtf8(prefix), load.kvSize() / 2,
                load.kvSize() / 2);
        PutWorkload.Stats s = w.runCount(load.limit());
        double after = MemoryMetrics.residentBytes(metricsEndpoint, c.g, c.out);
        if (after == 0) {
            c.out.println("FAIL: Could not read process_resident_memory_bytes after the put operations.");
            throw EtcdctlException.silent(Exit.ERROR);
        }
        cleanUp(c, clients.get(0), prefix);
        if (!s.errors().isEmpty()) {
            c.out.println("FAIL: too many errors");
            s.errors().forEach((k, v) -> c.out.println("FAIL: ERROR(" + k + ") -> " + v));
            throw EtcdctlException.silent(Exit.ERROR);
        }
        double mbUsed = (after - before) / (1024 * 1024);
        c.out.println("PASS: Approximate system memory used : " + String.format(Locale.ROOT, "%.2f", mbUsed) + " MB.");
    }

    private static String model(Cmd c) {
        String m = ALIASES.get(c.str("load"));
        if (m == null) {
            throw new EtcdctlException(Exit.BAD_FEATURE, "unknown load option " + c.str("load"));
        }
        return m;
    }

    /** One client (connection) per concurrent worker, as etcdctl dials one clientv3 per worker. */
    private static List<Client> clients(Cmd c, int n) {
        List<Client> clients = new ArrayList<>(n);
        clients.add(c.client());
        for (int i = 1; i < n; i++) {
            clients.add(new Client(c.g, c.err));
        }
        return clients;
    }

    private static void requireEmpty(Client cl, String prefix) {
        ByteString key = ByteString.copyFromUtf8(prefix);
        boolean hasKeys = cl.stub(KVGrpc::newBlockingStub).range(RangeRequest.newBuilder().setKey(key)
                .setRangeEnd(Commands.prefixEnd(key)).setLimit(1).build()).getKvsCount() > 0;
        if (hasKeys) {
            throw new EtcdctlException(Exit.INVALID_INPUT, "prefix " + GoFmt.quote(prefix)
                    + " has keys. Delete with etcdctl del --prefix " + prefix + " first");
        }
    }

    /** Deletes the workload's keys, then compacts and defragments as the flags ask. */
    private static void cleanUp(Cmd c, Client cl, String prefix) {
        ByteString key = ByteString.copyFromUtf8(prefix);
        DeleteRangeResponse d = cl.stub(KVGrpc::newBlockingStub).deleteRange(DeleteRangeRequest.newBuilder()
                .setKey(key).setRangeEnd(Commands.prefixEnd(key)).build());
        if (c.bool("auto-compact")) {
            long rev = d.getHeader().getRevision();
            c.out.println("Compacting with revision " + rev);
            cl.stub(KVGrpc::newBlockingStub).compact(CompactionRequest.newBuilder().setRevision(rev)
                    .setPhysical(true).build());
            c.out.println("Compacted with revision " + rev);
        }
        if (c.bool("auto-defrag")) {
            for (String ep : c.g.endpoints) {
                c.out.println("Defragmenting " + GoFmt.quote(ep));
                cl.stub(ep, MaintenanceGrpc::newBlockingStub).defragment(DefragmentRequest.getDefaultInstance());
                c.out.println("Defragmented " + GoFmt.quote(ep));
            }
        }
    }

    private static String fixed6(double v) {
        return String.format(Locale.ROOT, "%f", v);
    }

    /** Random keys as etcdctl makes them: a varint of a random number at the start of a zeroed key. */
    static ByteString randomKey(ByteString prefix, int size) {
        byte[] k = new byte[size];
        long v = ThreadLocalRandom.current().nextLong(Long.MAX_VALUE);
        long ux = v << 1; // zig-zag, as Go's binary.PutVarint
        int i = 0;
        while ((ux & ~0x7FL) != 0) {
            k[i++] = (byte) ((ux & 0x7F) | 0x80);
            ux >>>= 7;
        }
        k[i] = (byte) ux;
        return prefix.concat(ByteString.copyFrom(k));
    }

    static PutRequest put(ByteString key, ByteString value) {
        return PutRequest.newBuilder().setKey(key).setValue(value).build();
    }

    static String errorText(Throwable t) {
        return t instanceof StatusRuntimeException ? Client.errorText(t) : String.valueOf(t.getMessage());
    }
}

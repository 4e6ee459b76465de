package dev.etcdj.raft.bench;

import dev.etcdj.raft.Config;
import dev.etcdj.raft.ConfState;
import dev.etcdj.raft.MemoryStorage;
import dev.etcdj.raft.Message;
import dev.etcdj.raft.RawNode;
import dev.etcdj.raft.Ready;
import dev.etcdj.raft.StateRole;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Throughput of the Raft core alone: a 3-node cluster in one thread, MemoryStorage as the
 * "disk", messages handed over in memory. One operation = one committed entry: each invocation
 * proposes {@code batch} entries of {@code payload} bytes on the leader and drives Ready cycles
 * until the leader has committed them (the followers persist and acknowledge them, too).
 *
 * <p>Run: {@code ./mvnw -pl etcd-raft -Pbench test-compile exec:exec}, or without JMH's
 * forking for a quick figure: {@code java -cp <test classpath> dev.etcdj.raft.bench.RaftBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RaftBenchmark {
    static final int BATCH = 1000;

    @Param({"128"})
    public int payload;

    Cluster cluster;

    @Setup(Level.Trial)
    public void setup() {
        cluster = new Cluster(payload);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long proposeAndCommitBatch() {
        return cluster.proposeAndCommit(BATCH);
    }

    /** No batching: one proposal per Ready cycle (the baseline batching is measured against). */
    @Benchmark
    public long proposeAndCommitOneByOne() {
        return cluster.proposeAndCommit(1);
    }

    /** The cluster and its driver loop (what a server's Raft thread does, minus I/O). */
    static final class Cluster {
        final RawNode[] nodes = new RawNode[3];
        final MemoryStorage[] storages = new MemoryStorage[3];
        final byte[] data;
        ArrayList<Message> inFlight = new ArrayList<>();
        long applied;

        Cluster(int payload) {
            data = new byte[payload];
            ConfState cs = ConfState.ofVoters(1L, 2L, 3L);
            for (int i = 0; i < 3; i++) {
                storages[i] = MemoryStorage.bootstrap(cs);
                nodes[i] = new RawNode(Config.builder(i + 1, storages[i]).seed(i)
                        .maxSizePerMsg(4 << 20).maxInflightMsgs(256).build());
            }
            nodes[0].campaign();
            drive(() -> nodes[0].status().softState().role() == StateRole.LEADER && nodes[0].status().hardState().commit() >= 2);
        }

        long proposeAndCommit(int n) {
            RawNode leader = nodes[0];
            for (int i = 0; i < n; i++) leader.propose(data);
            long target = leader.status().lastIndex();
            drive(() -> storages[0].hardState().commit() >= target);
            // keep memory bounded: compact what everyone applied
            for (MemoryStorage s : storages) {
                long c = s.hardState().commit();
                if (c - s.firstIndex() > 50_000) s.compact(c - 1000);
            }
            return applied;
        }

        void drive(java.util.function.BooleanSupplier done) {
            for (int round = 0; round < 1_000_000; round++) {
                boolean moved = false;
                for (int i = 0; i < 3; i++) {
                    RawNode n = nodes[i];
                    if (!n.hasReady()) continue;
                    moved = true;
                    Ready rd = n.ready();
                    inFlight.addAll(rd.messages());
                    MemoryStorage s = storages[i];
                    if (rd.snapshot() != null) s.applySnapshot(rd.snapshot());
                    s.append(rd.entries());
                    if (rd.hardState() != null) s.setHardState(rd.hardState());
                    inFlight.addAll(rd.messagesAfterPersist());
                    applied += rd.committedEntries().size();
                    n.advance(rd);
                }
                if (!inFlight.isEmpty()) {
                    List<Message> batch = inFlight;
                    inFlight = new ArrayList<>();
                    for (Message m : batch) nodes[(int) m.to() - 1].step(m);
                    moved = true;
                }
                if (done.getAsBoolean() && !moved) return;
                if (!moved && !done.getAsBoolean()) {
                    for (RawNode n : nodes) n.tick();
                }
            }
            throw new IllegalStateException("cluster did not converge");
        }
    }

    /** Quick measurement without JMH forking. */
    public static void main(String[] args) {
        Cluster c = new Cluster(128);
        for (int i = 0; i < 2000; i++) c.proposeAndCommit(BATCH); // warm-up
        for (int rep = 0; rep < 5; rep++) {
            long t0 = System.nanoTime();
            int ops = 3000;
            for (int i = 0; i < ops; i++) c.proposeAndCommit(BATCH);
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%.0f entries/s committed (3 nodes, batch %d, 128 B)%n", ops * (double) BATCH / secs, BATCH);
        }
        c.proposeAndCommit(1);
        c.drive(() -> c.storages[1].hardState().commit() == c.storages[0].hardState().commit()
                && c.storages[2].hardState().commit() == c.storages[0].hardState().commit());
        for (int i = 0; i < 3; i++) {
            System.out.printf("node %d: lastIndex %d, commit %d%n", i + 1, c.storages[i].lastIndex(), c.storages[i].hardState().commit());
        }
        System.out.println("entries handed out for applying (all nodes): " + c.applied);
    }
}

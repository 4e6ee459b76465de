package dev.etcdj.raft;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A small synchronous harness for scenario tests: each node has a MemoryStorage "disk"; {@link #stabilize()}
 * processes Readies (persist, send, apply, advance) and delivers messages until nothing moves.
 * Messages can be filtered (partitions, dropped types); every delivered message is recorded.
 */
final class TestCluster {
    final Map<Long, RawNode> nodes = new TreeMap<>();
    final Map<Long, MemoryStorage> storages = new TreeMap<>();
    final Map<Long, List<Entry>> applied = new TreeMap<>();
    final Map<Long, ConfState> confs = new TreeMap<>();
    final Map<Long, List<ReadState>> reads = new TreeMap<>();
    final Set<Long> isolated = new HashSet<>();
    final List<Message> delivered = new ArrayList<>();
    Predicate<Message> dropIf = m -> false;
    /** When non-null, a human-readable log of role changes and message deliveries (for transcripts). */
    List<String> transcript;
    Consumer<Config.Builder> tweak = b -> { };
    long seed = 42;

    TestCluster(int voters) {
        this(voters, b -> { });
    }

    TestCluster(int voters, Consumer<Config.Builder> tweak) {
        this.tweak = tweak;
        Long[] ids = new Long[voters];
        for (int i = 0; i < voters; i++) ids[i] = (long) (i + 1);
        ConfState cs = ConfState.ofVoters(ids);
        for (long id : ids) add(id, MemoryStorage.bootstrap(cs));
    }

    RawNode add(long id, MemoryStorage storage) {
        Config.Builder b = Config.builder(id, storage).electionTick(10).heartbeatTick(1).seed(seed + id);
        tweak.accept(b);
        RawNode n = new RawNode(b.build());
        nodes.put(id, n);
        storages.put(id, storage);
        applied.putIfAbsent(id, new ArrayList<>());
        confs.put(id, storage.snapshot().metadata().confState());
        reads.putIfAbsent(id, new ArrayList<>());
        return n;
    }

    /** Crash and restart from the node's storage. */
    RawNode restart(long id) {
        applied.get(id).clear(); // the state machine restarts from the snapshot (empty here) and re-applies
        return add(id, storages.get(id));
    }

    RawNode node(long id) {
        return nodes.get(id);
    }

    Raft raft(long id) {
        return nodes.get(id).raft();
    }

    StateRole role(long id) {
        return raft(id).role.kind();
    }

    long term(long id) {
        return raft(id).term;
    }

    long leader() {
        long best = 0, bestTerm = -1;
        for (var e : nodes.entrySet()) {
            Raft r = e.getValue().raft();
            if (r.role.kind() == StateRole.LEADER && !isolated.contains(e.getKey()) && r.term > bestTerm) {
                best = e.getKey();
                bestTerm = r.term;
            }
        }
        return best;
    }

    void isolate(long id) {
        isolated.add(id);
    }

    void heal() {
        isolated.clear();
    }

    boolean blocked(Message m) {
        return isolated.contains(m.from()) != isolated.contains(m.to()) || dropIf.test(m) || !nodes.containsKey(m.to());
    }

    void tick(long id, int n) {
        for (int i = 0; i < n; i++) nodes.get(id).tick();
    }

    void tickAll(int n) {
        for (int i = 0; i < n; i++) {
            for (RawNode r : nodes.values()) r.tick();
            stabilize();
        }
    }

    void campaign(long id) {
        nodes.get(id).campaign();
        stabilize();
    }

    void propose(long id, String data) {
        nodes.get(id).propose(data.getBytes());
        stabilize();
    }

    /** Processes Readies and delivers messages until quiet. Returns the number of messages delivered. */
    int stabilize() {
        int count = 0;
        for (int round = 0; round < 10_000; round++) {
            List<Message> out = new ArrayList<>();
            for (var e : nodes.entrySet()) {
                RawNode n = e.getValue();
                if (!n.hasReady()) continue;
                Ready rd = n.ready();
                if (transcript != null && rd.softState() != null) {
                    transcript.add("> " + e.getKey() + " becomes " + rd.softState().role() + " at term " + n.raft().term
                            + (rd.softState().leader() != 0 ? " (leader " + rd.softState().leader() + ")" : ""));
                }
                if (transcript != null) {
                    for (Entry en : rd.committedEntries()) {
                        if (en.type() == EntryType.CONF_CHANGE) {
                            ConfChange cc = ConfChange.decode(en.data());
                            transcript.add("> " + e.getKey() + " applies " + cc.type() + " " + cc.nodeId() + " at " + en.index());
                        } else if (en.data().length > 0) {
                            transcript.add("> " + e.getKey() + " applies \"" + new String(en.data()) + "\" at " + en.index());
                        }
                    }
                    for (ReadState rs : rd.readStates()) {
                        transcript.add("> " + e.getKey() + " read \"" + new String(rs.requestCtx()) + "\" at index " + rs.index());
                    }
                }
                out.addAll(rd.messages());
                MemoryStorage s = storages.get(e.getKey());
                if (rd.snapshot() != null) {
                    s.applySnapshot(rd.snapshot());
                    confs.put(e.getKey(), rd.snapshot().metadata().confState());
                }
                s.append(rd.entries());
                if (rd.hardState() != null) s.setHardState(rd.hardState());
                out.addAll(rd.messagesAfterPersist());
                for (Entry en : rd.committedEntries()) {
                    applied.get(e.getKey()).add(en);
                    if (en.type() == EntryType.CONF_CHANGE) {
                        confs.put(e.getKey(), n.applyConfChange(ConfChange.decode(en.data())));
                    }
                }
                reads.get(e.getKey()).addAll(rd.readStates());
                n.advance(rd);
            }
            if (out.isEmpty()) {
                boolean any = false;
                for (RawNode n : nodes.values()) any |= n.hasReady();
                if (!any) return count;
                continue;
            }
            for (Message m : out) {
                if (blocked(m)) {
                    if (transcript != null) transcript.add("  dropped " + m);
                    if (m.type() == MessageType.MsgSnap && nodes.containsKey(m.from())) nodes.get(m.from()).reportSnapshot(m.to(), false);
                    continue;
                }
                delivered.add(m);
                if (transcript != null) transcript.add("  " + m);
                count++;
                nodes.get(m.to()).step(m);
                if (m.type() == MessageType.MsgSnap) nodes.get(m.from()).reportSnapshot(m.to(), true);
            }
        }
        throw new AssertionError("cluster did not stabilize");
    }

    /** Data of the NORMAL, non-empty entries node {@code id} applied, as strings. */
    List<String> appliedData(long id) {
        List<String> out = new ArrayList<>();
        for (Entry e : applied.get(id)) {
            if (e.type() == EntryType.NORMAL && e.data().length > 0) out.add(new String(e.data()));
        }
        return out;
    }
}

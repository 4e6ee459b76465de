package dev.etcdj.raft;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * A deterministic simulation of a Raft cluster: one seeded {@link Random} decides every event
 * (ticks, deliveries, drops, duplicates, reordering, partitions, crashes, restarts, proposals,
 * membership changes, compactions, leader transfers, reads). The same seed always produces the
 * same run, so a failure is replayed with {@code -Draft.sim.seed=N}.
 *
 * <p>Each node's {@link MemoryStorage} is its disk: it is written only when the driver persists a
 * Ready. A crash drops the RawNode and any Ready not yet persisted; a restart builds a new RawNode
 * from the storage. The driver follows the Ready contract literally: {@code messages} are sent
 * before persisting (and may escape before a crash), {@code messagesAfterPersist} after.
 *
 * <p>Invariants, checked after every event (see {@link #checkInvariants}, {@link #persistAndApply}):
 * <ol>
 *   <li>election safety: at most one leader per term (over the whole run);</li>
 *   <li>log matching: two persisted entries with the same index and term have the same payload
 *       and the same predecessor term (hence identical prefixes);</li>
 *   <li>leader completeness: a new leader holds every entry applied anywhere so far, and the
 *       leader of the newest term never has a log shorter than the highest committed index;</li>
 *   <li>state machine safety: no two nodes apply different entries at one index; every node
 *       applies in order and its state-machine hash at each index (also after installing a
 *       snapshot) equals everyone else's;</li>
 *   <li>committed entries are never lost: each time a leader advances its commit index, the
 *       entry is durable on a majority of the voters it counted, and re-checked at later steps;
 *       without membership changes, the highest applied entry is durable on a majority of the
 *       initial voters at every step; no node's durable log contradicts a committed entry up to
 *       its durable commit index;</li>
 *   <li>monotonicity: commit index (in memory and durable), term never decrease; a durable vote
 *       never changes within a term; applied &lt;= committed;</li>
 *   <li>reads: a ReadState's index is at least the highest commit index known anywhere when the
 *       read was issued (linearizability of ReadIndex, SAFE mode);</li>
 *   <li>liveness ({@link #checkLiveness}): after healing every partition and restarting every
 *       node, a leader is elected and a proposal is applied by every member within 400 ticks.</li>
 * </ol>
 */
final class Simulation {
    static final int MAX_IDS = 7;

    final long seed;
    final Random rnd;
    final TreeMap<Long, SimNode> nodes = new TreeMap<>();
    final ArrayList<InFlight> network = new ArrayList<>();
    /** When non-null, messages between the two sides are dropped. */
    Set<Long> partition;
    final Set<Long> usedIds = new HashSet<>();
    final Set<Long> removedIds = new HashSet<>();
    boolean membershipChanged;
    final int initialVoters;
    final boolean preVote, checkQuorum;
    /** A calm schedule has 5x fewer crashes and partitions, so more gets committed. */
    final boolean calm;
    /** Whether this schedule changes membership (without, the stronger durability check applies throughout). */
    final boolean membership;
    final long maxSizePerMsg;
    final int maxInflight;
    final long maxInflightBytes;
    final long maxUncommitted;
    long proposalCounter;
    long step;

    // ---- invariant bookkeeping
    final Map<Long, Long> leaderOfTerm = new HashMap<>();
    /** index -> the entry applied at that index by the first node that applied it. */
    final TreeMap<Long, Entry> committedLog = new TreeMap<>();
    /** index -> state-machine hash after applying that index. */
    final Map<Long, Long> hashAt = new HashMap<>();
    /** (index, term) -> [payload hash, term of index-1] of every entry ever persisted. */
    final Map<String, long[]> persistedIds = new HashMap<>();
    /** ctx -> minimum acceptable read index (max commit known when the read was issued). */
    final Map<String, Long> pendingReads = new HashMap<>();
    final ArrayDeque<String> trace = new ArrayDeque<>();
    /**
     * Harness self-test only: a driver that breaks the Ready contract by sending
     * messagesAfterPersist before the write is durable. The invariants must catch it.
     */
    boolean brokenDriver;
    long checks;
    long readsServed;
    long confChangesApplied, snapshotsInstalled, crashes, elections;

    static final class InFlight {
        final Message m;
        InFlight(Message m) {
            this.m = m;
        }
    }

    final class SimNode {
        final long id;
        final MemoryStorage storage;
        RawNode node;
        Ready pending;
        long smApplied;
        long smHash;
        ConfState conf;
        long durableCommit;
        long durableTerm;
        long durableVote;
        long liveCommit;
        /** While this node leads term leaderTermSeen: the commit index last observed. */
        long leaderTermSeen = -1;
        long leaderCommitSeen;

        SimNode(long id, MemoryStorage storage) {
            this.id = id;
            this.storage = storage;
        }

        void start() {
            Config cfg = Config.builder(id, storage)
                    .electionTick(10).heartbeatTick(1)
                    .preVote(preVote).checkQuorum(checkQuorum)
                    .maxSizePerMsg(maxSizePerMsg).maxInflightMsgs(maxInflight).maxInflightBytes(maxInflightBytes)
                    .maxUncommittedEntriesSize(maxUncommitted)
                    .seed(rnd.nextLong())
                    .build();
            Snapshot snap = storage.snapshot();
            conf = snap.metadata().confState();
            smApplied = snap.index();
            smHash = snap.data().length == 8 ? ByteBuffer.wrap(snap.data()).getLong() : 0;
            node = new RawNode(cfg);
            pending = null;
            liveCommit = node.raft().log.committed;
            if (liveCommit < durableCommit) fail("restart lost commit: " + liveCommit + " < " + durableCommit);
        }

        boolean alive() {
            return node != null;
        }
    }

    Simulation(long seed) {
        this.seed = seed;
        this.rnd = new Random(seed);
        this.initialVoters = 1 + rnd.nextInt(MAX_IDS);
        this.preVote = rnd.nextInt(4) != 0;
        this.checkQuorum = rnd.nextInt(4) != 0;
        this.maxSizePerMsg = rnd.nextBoolean() ? 1 << 20 : 40 + rnd.nextInt(200);
        this.maxInflight = 1 + rnd.nextInt(8);
        this.maxInflightBytes = rnd.nextInt(3) == 0 ? maxSizePerMsg * (1 + rnd.nextInt(4)) : 0;
        this.maxUncommitted = rnd.nextInt(3) == 0 ? 200 + rnd.nextInt(400) : 0;
        this.calm = rnd.nextInt(3) == 0;
        this.membership = rnd.nextInt(4) != 0;
        Long[] ids = new Long[initialVoters];
        for (int i = 0; i < initialVoters; i++) ids[i] = (long) (i + 1);
        ConfState cs = ConfState.ofVoters(ids);
        for (long id = 1; id <= initialVoters; id++) {
            SimNode n = new SimNode(id, MemoryStorage.bootstrap(cs));
            nodes.put(id, n);
            usedIds.add(id);
            n.start();
        }
    }

    // ------------------------------------------------------------------ driver

    void log(String s) {
        trace.addLast(step + ": " + s);
        if (trace.size() > 300) trace.removeFirst();
    }

    void fail(String what) {
        StringBuilder sb = new StringBuilder();
        sb.append("simulation seed=").append(seed).append(" step=").append(step).append(": ").append(what)
                .append("\n  replay: -Draft.sim.seed=").append(seed).append("\n  config: voters=").append(initialVoters)
                .append(" preVote=").append(preVote).append(" checkQuorum=").append(checkQuorum)
                .append(" maxSizePerMsg=").append(maxSizePerMsg).append(" maxInflight=").append(maxInflight).append(" maxInflightBytes=").append(maxInflightBytes)
                .append(" maxUncommitted=").append(maxUncommitted).append(" calm=").append(calm).append(" membership=").append(membership).append("\n  last events:\n");
        for (String t : trace) sb.append("    ").append(t).append('\n');
        throw new AssertionError(sb.toString());
    }

    SimNode randomNode() {
        List<SimNode> l = new ArrayList<>(nodes.values());
        return l.get(rnd.nextInt(l.size()));
    }

    SimNode randomLive() {
        List<SimNode> l = new ArrayList<>();
        for (SimNode n : nodes.values()) if (n.alive()) l.add(n);
        return l.isEmpty() ? null : l.get(rnd.nextInt(l.size()));
    }

    SimNode leader() {
        SimNode best = null;
        for (SimNode n : nodes.values()) {
            if (n.alive() && n.node.raft().role.kind() == StateRole.LEADER) {
                if (best == null || n.node.raft().term > best.node.raft().term) best = n;
            }
        }
        return best;
    }

    boolean cut(long a, long b) {
        return partition != null && partition.contains(a) != partition.contains(b);
    }

    void send(Message m) {
        network.add(new InFlight(m));
    }

    /** Runs {@code steps} random events. */
    void runChaos(int steps) {
        for (int i = 0; i < steps; i++) {
            step++;
            randomEvent();
            checkInvariants();
        }
    }

    void randomEvent() {
        int r = rnd.nextInt(1000);
        if (calm && ((r >= 900 && r < 902) || (r >= 925 && r < 931)) && rnd.nextInt(5) != 0) r = 400;
        if (r < 250) {
            SimNode n = randomLive();
            if (n != null) {
                n.node.tick();
            }
        } else if (r < 600) {
            deliverRandom();
        } else if (r < 830) {
            SimNode n = randomLive();
            if (n != null) handleReady(n, rnd.nextBoolean());
        } else if (r < 900) {
            propose(randomLive());
        } else if (r < 902) {
            SimNode n = randomLive();
            if (n != null) crash(n);
        } else if (r < 925) {
            for (SimNode n : nodes.values()) {
                if (!n.alive()) {
                    log("restart " + n.id);
                    n.start();
                    break;
                }
            }
        } else if (r < 931) {
            partition = new HashSet<>();
            for (long id : nodes.keySet()) if (rnd.nextBoolean()) partition.add(id);
            log("partition " + partition);
        } else if (r < 945) {
            if (partition != null) log("heal");
            partition = null;
        } else if (r < 953) {
            if (membership) confChange();
        } else if (r < 965) {
            compact(randomLive());
        } else if (r < 969) {
            SimNode l = leader();
            if (l != null) {
                long to = l.conf.voters().isEmpty() ? 0 : new ArrayList<>(l.conf.voters()).get(rnd.nextInt(l.conf.voters().size()));
                if (to != 0) {
                    log("transfer leader " + l.id + " -> " + to);
                    l.node.transferLeader(to);
                }
            }
        } else if (r < 985) {
            readIndex(randomLive());
        } else {
            // a burst of deliveries to let progress happen
            for (int i = 0; i < 5; i++) deliverRandom();
        }
    }

    void deliverRandom() {
        if (network.isEmpty()) return;
        int i = rnd.nextInt(Math.min(network.size(), 8)); // bounded reordering window, biased to old
        if (rnd.nextInt(4) == 0) i = rnd.nextInt(network.size());
        InFlight f = network.get(i);
        boolean dup = rnd.nextInt(30) == 0;
        if (!dup) network.remove(i);
        deliver(f.m, rnd.nextInt(20) == 0);
    }

    void deliver(Message m, boolean drop) {
        SimNode to = nodes.get(m.to());
        SimNode from = nodes.get(m.from());
        boolean lost = drop || to == null || !to.alive() || cut(m.from(), m.to());
        if (lost) {
            if (m.type() == MessageType.MsgSnap && from != null && from.alive()) {
                from.node.reportSnapshot(m.to(), false);
            }
            if (from != null && from.alive() && rnd.nextInt(4) == 0) from.node.reportUnreachable(m.to());
            return;
        }
        to.node.step(m);
        if (m.type() == MessageType.MsgSnap && from != null && from.alive()) {
            from.node.reportSnapshot(m.to(), true);
        }
    }

    void handleReady(SimNode n, boolean bothPhases) {
        if (n.pending == null) {
            if (!n.node.hasReady()) return;
            Ready rd = n.node.ready();
            n.pending = rd;
            for (Message m : rd.messages()) send(m);
            if (brokenDriver) {
                for (Message m : rd.messagesAfterPersist()) send(m); // contract violation (harness self-test)
            }
            if (rd.softState() != null) log("node " + n.id + " " + rd.softState() + " term " + n.node.raft().term);
            if (!bothPhases) return;
        }
        persistAndApply(n);
    }

    void persistAndApply(SimNode n) {
        Ready rd = n.pending;
        n.pending = null;
        if (rd.snapshot() != null) {
            n.storage.applySnapshot(rd.snapshot());
        }
        if (!rd.entries().isEmpty()) {
            if (n.storage.lastIndex() + 1 < rd.entries().get(0).index()) {
                fail("node " + n.id + " would persist a gap: last " + n.storage.lastIndex() + " append at " + rd.entries().get(0).index());
            }
            n.storage.append(rd.entries());
            for (Entry e : rd.entries()) checkPersistedEntry(n, e);
        }
        if (rd.hardState() != null) {
            HardState hs = rd.hardState();
            if (hs.term() < n.durableTerm) fail("node " + n.id + " durable term went back " + n.durableTerm + " -> " + hs.term());
            if (hs.term() == n.durableTerm && n.durableVote != 0 && hs.vote() != n.durableVote) {
                fail("node " + n.id + " changed its vote in term " + hs.term() + ": " + n.durableVote + " -> " + hs.vote());
            }
            if (hs.commit() < n.durableCommit) fail("node " + n.id + " durable commit went back " + n.durableCommit + " -> " + hs.commit());
            if (hs.commit() > n.storage.lastIndex()) fail("node " + n.id + " persisted commit " + hs.commit() + " beyond its log " + n.storage.lastIndex());
            n.storage.setHardState(hs);
            n.durableTerm = hs.term();
            n.durableVote = hs.vote();
            n.durableCommit = hs.commit();
        }
        checkCommittedPrefix(n, rd.entries());
        if (!brokenDriver) {
            for (Message m : rd.messagesAfterPersist()) send(m);
        }
        if (rd.snapshot() != null) {
            Snapshot s = rd.snapshot();
            n.smApplied = s.index();
            n.smHash = s.data().length == 8 ? ByteBuffer.wrap(s.data()).getLong() : 0;
            n.conf = s.metadata().confState();
            Long h = hashAt.get(s.index());
            if (h != null && h != n.smHash) fail("node " + n.id + " installed snapshot " + s.index() + " with a different state");
            log("node " + n.id + " installed snapshot " + s.index() + "/" + s.term());
            snapshotsInstalled++;
        }
        for (Entry e : rd.committedEntries()) apply(n, e);
        for (ReadState rs : rd.readStates()) {
            String k = new String(rs.requestCtx());
            Long min = pendingReads.remove(k);
            if (min == null) continue; // answered twice or unknown
            if (rs.index() < min) fail("read " + k + " at node " + n.id + " got index " + rs.index() + " < commit " + min + " known when issued");
            readsServed++;
        }
        n.node.advance(rd);
    }

    void apply(SimNode n, Entry e) {
        if (e.index() <= n.smApplied) return; // already in the state machine (snapshot)
        if (e.index() != n.smApplied + 1) fail("node " + n.id + " applies " + e.index() + " after " + n.smApplied);
        Entry prev = committedLog.putIfAbsent(e.index(), e);
        if (prev != null && !prev.sameAs(e)) {
            fail("state machine safety: node " + n.id + " applies " + e + " at index " + e.index() + " where " + prev + " was applied");
        }
        n.smHash = n.smHash * 1_000_003L + java.util.Arrays.hashCode(e.data()) * 31L + e.type().ordinal();
        n.smApplied = e.index();
        Long h = hashAt.putIfAbsent(e.index(), n.smHash);
        if (h != null && h != n.smHash) fail("node " + n.id + " state diverged at " + e.index());
        if (e.type() == EntryType.CONF_CHANGE) {
            ConfChange cc = ConfChange.decode(e.data());
            n.conf = n.node.applyConfChange(cc);
            log("node " + n.id + " applied " + cc.type() + " " + cc.nodeId() + " -> " + n.conf);
            if (cc.type() == ConfChangeType.REMOVE_NODE) removedIds.add(cc.nodeId());
            confChangesApplied++;
        }
    }

    void checkPersistedEntry(SimNode n, Entry e) {
        long prevTerm;
        try {
            prevTerm = n.storage.term(e.index() - 1);
        } catch (CompactedException ex) {
            prevTerm = -1;
        }
        String key = e.index() + "/" + e.term();
        long[] v = {java.util.Arrays.hashCode(e.data()) * 7L + e.type().ordinal(), prevTerm};
        long[] old = persistedIds.putIfAbsent(key, v);
        if (old != null) {
            if (old[0] != v[0]) fail("log matching: two different entries at " + key + " (node " + n.id + ")");
            if (old[1] >= 0 && v[1] >= 0 && old[1] != v[1]) {
                fail("log matching: entries " + key + " have different predecessors (terms " + old[1] + " vs " + v[1] + ") on node " + n.id);
            }
        }
    }

    /** A node's durable log must agree with the committed log up to its durable commit index. */
    void checkCommittedPrefix(SimNode n, List<Entry> written) {
        for (Entry e : written) {
            if (e.index() > n.durableCommit) break;
            Entry c = committedLog.get(e.index());
            if (c != null && c.term() != e.term()) {
                fail("node " + n.id + " holds " + e + " as committed where " + c + " was committed");
            }
        }
    }

    void crash(SimNode n) {
        log("crash " + n.id + (n.pending != null ? " (with unpersisted ready)" : ""));
        crashes++;
        n.node = null;
        n.pending = null;
    }

    void propose(SimNode n) {
        if (n == null) return;
        try {
            if (rnd.nextInt(4) == 0) {
                List<byte[]> batch = new ArrayList<>();
                for (int i = rnd.nextInt(5); i >= 0; i--) batch.add(("p" + (++proposalCounter)).getBytes());
                n.node.proposeBatch(batch);
            } else {
                n.node.propose(("p" + (++proposalCounter)).getBytes());
            }
        } catch (ProposalDroppedException e) {
            // expected while there is no leader
        }
    }

    void readIndex(SimNode n) {
        if (n == null) return;
        String ctx = "r" + seed + "-" + step;
        long min = committedLog.isEmpty() ? 0 : committedLog.lastKey();
        for (SimNode o : nodes.values()) if (o.alive()) min = Math.max(min, o.node.raft().log.committed);
        pendingReads.put(ctx, min);
        log("read " + ctx + " at node " + n.id + " (" + n.node.raft().role.kind() + ", term " + n.node.raft().term + ", min " + min + ")");
        n.node.readIndex(ctx.getBytes());
    }

    void compact(SimNode n) {
        if (n == null || n.pending != null) return;
        long snapIdx = n.storage.snapshot().index();
        if (n.smApplied <= snapIdx || n.smApplied > n.storage.lastIndex()) return;
        byte[] data = ByteBuffer.allocate(8).putLong(n.smHash).array();
        n.storage.createSnapshot(n.smApplied, n.conf, data);
        long keep = rnd.nextInt(4);
        long ci = n.smApplied - keep;
        if (ci >= n.storage.firstIndex()) n.storage.compact(ci);
        log("node " + n.id + " snapshot at " + n.smApplied + ", compacted to " + ci);
    }

    void confChange() {
        SimNode l = leader();
        if (l == null) return;
        ConfState cs = l.conf;
        int choice = rnd.nextInt(4);
        ConfChange cc = null;
        if (choice <= 1 && usedIds.size() < MAX_IDS) {
            long id = 1;
            while (usedIds.contains(id)) id++;
            cc = new ConfChange(choice == 0 ? ConfChangeType.ADD_NODE : ConfChangeType.ADD_LEARNER_NODE, id);
        } else if (choice == 2 && !cs.learners().isEmpty()) {
            cc = new ConfChange(ConfChangeType.ADD_NODE, cs.learners().iterator().next());
        } else if (choice == 3 && cs.voters().size() + cs.learners().size() > 1) {
            List<Long> members = new ArrayList<>(cs.voters());
            members.addAll(cs.learners());
            long id = members.get(rnd.nextInt(members.size()));
            if (cs.voters().size() == 1 && cs.voters().contains(id)) return;
            cc = new ConfChange(ConfChangeType.REMOVE_NODE, id);
        }
        if (cc == null) return;
        try {
            l.node.proposeConfChange(cc);
        } catch (ProposalDroppedException e) {
            return;
        }
        membershipChanged = true;
        log("leader " + l.id + " proposed " + cc.type() + " " + cc.nodeId());
        if (cc.type() != ConfChangeType.REMOVE_NODE && !usedIds.contains(cc.nodeId())) {
            usedIds.add(cc.nodeId());
            SimNode n = new SimNode(cc.nodeId(), new MemoryStorage());
            nodes.put(n.id, n);
            n.start();
        }
    }

    // ------------------------------------------------------------------ invariants

    void checkInvariants() {
        checks++;
        long maxCommitted = committedLog.isEmpty() ? 0 : committedLog.lastKey();
        for (SimNode n : nodes.values()) {
            if (!n.alive()) continue;
            Raft r = n.node.raft();
            if (r.log.committed < n.liveCommit) fail("node " + n.id + " commit went back " + n.liveCommit + " -> " + r.log.committed);
            n.liveCommit = r.log.committed;
            if (r.log.applied > r.log.committed) fail("node " + n.id + " applied " + r.log.applied + " > committed " + r.log.committed);
            if (r.role.kind() != StateRole.LEADER) continue;
            if (r.term != n.leaderTermSeen) {
                n.leaderTermSeen = r.term;
                n.leaderCommitSeen = r.log.committed;
            } else if (r.log.committed > n.leaderCommitSeen && r.log.termOrZero(r.log.committed) == r.term) {
                // The leader just committed an entry of its term (so it counted its own quorum):
                // the entry must be durable on a majority of the configuration it used, and stays
                // so forever (committed entries are never truncated; compaction leaves a snapshot
                // covering them).
                long ci = r.log.committed;
                CommitRecord cr = new CommitRecord(ci, r.log.term(ci), List.copyOf(r.trk.voters), n.id);
                commitRecords.add(cr);
                checkCommitRecord(cr);
                n.leaderCommitSeen = ci;
            }
            Long prev = leaderOfTerm.putIfAbsent(r.term, n.id);
            if (prev != null && prev != n.id) fail("two leaders in term " + r.term + ": " + prev + " and " + n.id);
            if (prev == null) {
                elections++;
                log("node " + n.id + " is leader of term " + r.term + " (last " + r.log.lastIndex() + ", committed " + maxCommitted + ")");
                // Leader completeness: every committed entry is in the new leader's log.
                long first = r.log.firstIndex();
                for (Map.Entry<Long, Entry> c : committedLog.tailMap(first, true).entrySet()) {
                    if (r.log.termOrZero(c.getKey()) != c.getValue().term()) {
                        fail("leader completeness: leader " + n.id + " of term " + r.term + " lacks committed " + c.getValue());
                    }
                }
            }
            // A stale leader of an older term may legitimately lag; check only one of the newest term.
            if (r.term >= maxTerm() && maxCommitted > 0 && r.log.lastIndex() < maxCommitted) {
                fail("leader " + n.id + " log ends at " + r.log.lastIndex() + " before committed index " + maxCommitted);
            }
        }
        if (!commitRecords.isEmpty()) {
            checkCommitRecord(commitRecords.get(commitRecords.size() - 1));
            checkCommitRecord(commitRecords.get(rnd.nextInt(commitRecords.size())));
        }
        if (maxCommitted > 0) {
            // Committed entries stay durable: on a quorum when membership never changed, else at least one node.
            Entry c = committedLog.get(maxCommitted);
            int holders = 0;
            for (SimNode n : nodes.values()) {
                MemoryStorage s = n.storage;
                if (s.snapshot().index() >= maxCommitted) {
                    holders++;
                } else if (s.lastIndex() >= maxCommitted && s.firstIndex() <= maxCommitted && s.term(maxCommitted) == c.term()) {
                    holders++;
                }
            }
            int need = membershipChanged ? 1 : initialVoters / 2 + 1;
            if (holders < need) fail("committed entry " + c + " is durable on only " + holders + " nodes (need " + need + ")");
        }
    }

    record CommitRecord(long index, long term, List<Long> voters, long leader) {
    }

    /** Every commit a leader made, with the configuration it counted. */
    final ArrayList<CommitRecord> commitRecords = new ArrayList<>();
    long quorumChecks;

    void checkCommitRecord(CommitRecord cr) {
        quorumChecks++;
        int holders = 0;
        for (long id : cr.voters()) {
            SimNode n = nodes.get(id);
            if (n == null) continue;
            MemoryStorage s = n.storage;
            if (s.snapshot().index() >= cr.index()) {
                holders++;
            } else if (s.lastIndex() >= cr.index() && s.firstIndex() <= cr.index() && s.term(cr.index()) == cr.term()) {
                holders++;
            }
        }
        if (holders < cr.voters().size() / 2 + 1) {
            fail("entry " + cr.index() + "/" + cr.term() + " committed by leader " + cr.leader() + " with voters " + cr.voters()
                    + " is durable on only " + holders + " of them");
        }
    }

    long maxTerm() {
        long t = 0;
        for (SimNode n : nodes.values()) t = Math.max(t, n.alive() ? n.node.raft().term : n.durableTerm);
        return t;
    }

    // ------------------------------------------------------------------ liveness

    /** Quiet network: deliver everything in order, process every Ready, until nothing moves. */
    void settle() {
        for (int round = 0; round < 50; round++) {
            boolean moved = false;
            while (!network.isEmpty()) {
                ArrayList<InFlight> batch = new ArrayList<>(network);
                network.clear();
                for (InFlight f : batch) {
                    deliver(f.m, false);
                    step++;
                    checkInvariants();
                }
                moved = true;
            }
            for (SimNode n : nodes.values()) {
                if (n.alive() && (n.pending != null || n.node.hasReady())) {
                    handleReady(n, true);
                    step++;
                    checkInvariants();
                    moved = true;
                }
            }
            if (!moved) return;
        }
    }

    /** Heals everything and checks that a leader emerges and a proposal commits everywhere. */
    void checkLiveness(int maxTicks) {
        partition = null;
        // Lose everything in flight (the transport reports failed snapshots, as etcd's does).
        ArrayList<InFlight> lost = new ArrayList<>(network);
        network.clear();
        for (InFlight f : lost) deliver(f.m, true);
        for (SimNode n : nodes.values()) {
            if (!n.alive()) {
                log("restart " + n.id + " for liveness");
                n.start();
            }
        }
        log("liveness phase");
        settle();
        int ticks = 0;
        SimNode l = null;
        byte[] marker = ("live-" + seed).getBytes();
        boolean proposed = false;
        while (ticks < maxTicks) {
            for (SimNode n : nodes.values()) if (n.alive()) n.node.tick();
            ticks++;
            step++;
            settle();
            l = leader();
            if (l == null || l.node.raft().leadTransferee != 0) continue;
            if (!proposed || ticks % 20 == 0) {
                try {
                    l.node.propose(marker);
                    proposed = true;
                } catch (ProposalDroppedException e) {
                    continue;
                }
                settle();
            }
            if (allMembersApplied(l, marker)) {
                return;
            }
        }
        StringBuilder sb = new StringBuilder("liveness: no commit of a proposal within " + maxTicks + " ticks after healing; leader="
                + (l == null ? "none" : l.id));
        for (SimNode n : nodes.values()) {
            sb.append("\n    node ").append(n.id).append(n.alive() ? " " + n.node.status().softState() + " hs=" + n.node.status().hardState()
                    + " last=" + n.node.status().lastIndex() + " applied=" + n.smApplied + " conf=" + n.conf
                    + (n.node.raft().role.kind() == StateRole.LEADER ? " prs=" + n.node.raft().trk.progress : "") : " down")
                    .append(removedIds.contains(n.id) ? " (removed)" : "");
        }
        fail(sb.toString());
    }

    boolean allMembersApplied(SimNode l, byte[] marker) {
        long markerIndex = -1;
        for (Map.Entry<Long, Entry> e : committedLog.entrySet()) {
            if (java.util.Arrays.equals(e.getValue().data(), marker)) {
                markerIndex = e.getKey();
                break;
            }
        }
        if (markerIndex < 0) return false;
        for (long id : l.conf.voters()) {
            SimNode n = nodes.get(id);
            if (n == null || n.smApplied < markerIndex) return false;
        }
        for (long id : l.conf.learners()) {
            SimNode n = nodes.get(id);
            if (n == null || n.smApplied < markerIndex) return false;
        }
        return true;
    }

    /** One complete schedule: chaos, then healing and the liveness check. */
    void run(int chaosSteps, int livenessTicks) {
        runChaos(chaosSteps);
        checkLiveness(livenessTicks);
    }
}

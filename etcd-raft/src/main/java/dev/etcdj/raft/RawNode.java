package dev.etcdj.raft;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The public face of one Raft node. Not thread-safe: exactly one thread owns a RawNode and calls
 * all of its methods. It does no I/O and never blocks; see the package documentation for the
 * driver loop and {@link Ready} for what must be durable before which messages may be sent.
 */
public final class RawNode {
    private final Raft raft;
    private SoftState prevSoftState;
    private HardState prevHardState;
    /** The Ready handed out and not yet advanced; while non-null, ready() is refused. */
    private Ready outstanding;

    /**
     * Creates (or restarts) a node from {@code config.storage()}: a fresh storage whose initial
     * ConfState lists the members bootstraps a new cluster; a storage with persisted state resumes.
     *
     * @throws IllegalStateException if the storage's hard state is inconsistent with its log
     */
    public RawNode(Config config) {
        this.raft = new Raft(config);
        this.prevSoftState = raft.softState();
        this.prevHardState = raft.hardState();
    }

    public long id() {
        return raft.id;
    }

    /** Advances logical time by one tick (drives election timeouts and heartbeats). */
    public void tick() {
        raft.tick();
    }

    /** Starts an election now (skipping the timeout; still a pre-vote if PreVote is on). */
    public void campaign() {
        raft.step(Message.builder(MessageType.MsgHup).from(raft.id).build());
    }

    /**
     * Proposes data to be appended to the log. The data is not copied. On a follower the
     * proposal is forwarded to the leader (and may still be lost; the server must time out and
     * retry); success here does not mean it will commit.
     *
     * @throws ProposalDroppedException if no leader is known, a leadership transfer is in
     *                                  progress, or the uncommitted-entries cap is reached
     */
    public void propose(byte[] data) {
        proposeEntries(List.of(new Entry(0, 0, EntryType.NORMAL, data)));
    }

    /** Proposes several NORMAL entries at once (one batch, appended contiguously on the leader). */
    public void proposeBatch(List<byte[]> data) {
        List<Entry> es = new ArrayList<>(data.size());
        for (byte[] d : data) es.add(new Entry(0, 0, EntryType.NORMAL, d));
        proposeEntries(es);
    }

    private void proposeEntries(List<Entry> es) {
        raft.step(new Message(MessageType.MsgProp, 0, raft.id, 0, 0, 0, es, 0, null, false, 0, null));
    }

    /**
     * Proposes a membership change. Only one change may be in flight: on a leader, a second one
     * before the first is applied throws, and so does one before the leader's first entry of its
     * term is applied (the fix for the single-server-change bug in Ongaro's thesis). The change takes effect on each node when that node
     * applies the entry and calls {@link #applyConfChange}.
     *
     * @throws ProposalDroppedException as {@link #propose}, or if a conf change is pending
     */
    public void proposeConfChange(ConfChange cc) {
        proposeConfChangeData(cc.encode());
    }

    /**
     * As {@link #proposeConfChange(ConfChange)}, with the server's own encoding of the change
     * (for example raftpb.ConfChange bytes, to keep etcd's WAL format). Raft never decodes
     * CONF_CHANGE data; the server decodes it when applying and calls {@link #applyConfChange}.
     *
     * @throws ProposalDroppedException as {@link #proposeConfChange(ConfChange)}
     */
    public void proposeConfChangeData(byte[] encodedConfChange) {
        proposeEntries(List.of(new Entry(0, 0, EntryType.CONF_CHANGE, encodedConfChange)));
    }

    /**
     * Applies a committed conf change (call it when applying the CONF_CHANGE entry, on this
     * node's thread) and returns the new membership, which the server should store with its
     * snapshots. A change that would leave no voter is ignored (same outcome on every node).
     */
    public ConfState applyConfChange(ConfChange cc) {
        return raft.applyConfChange(cc);
    }

    /**
     * Feeds a message received from a peer. Messages from unknown peers or with stale terms are
     * ignored as Raft requires; forwarded proposals that cannot be appended are dropped silently.
     *
     * @throws IllegalArgumentException for local-only message types
     */
    public void step(Message m) {
        if (m.type().isLocal()) {
            throw new IllegalArgumentException("cannot step local message type " + m.type() + " from the network");
        }
        if (m.type().isResponse() && !raft.trk.progress.containsKey(m.from())) {
            return; // response from a peer we do not know (removed)
        }
        try {
            raft.step(m);
        } catch (ProposalDroppedException e) {
            // A forwarded proposal; its origin will time out and retry.
        }
    }

    /**
     * Requests a linearizable read point. The answer arrives as a {@link ReadState} with the
     * same (uncopied) context in a later Ready; no answer arrives if leadership is lost meanwhile,
     * so the server must time out. Contexts must be unique cluster-wide among outstanding
     * requests (the leader keys pending reads by them; etcd uses a random 8-byte request id).
     *
     * @throws IllegalArgumentException if the context is null or empty
     */
    public void readIndex(byte[] requestCtx) {
        if (requestCtx == null || requestCtx.length == 0) throw new IllegalArgumentException("read index context must be non-empty");
        raft.step(Message.builder(MessageType.MsgReadIndex).from(raft.id).context(requestCtx).build());
    }

    /**
     * Asks the leader to hand leadership to {@code transferee} (etcd's MoveLeader). The leader
     * first catches the transferee up, then tells it to campaign immediately; proposals are
     * dropped meanwhile; the attempt is abandoned after one election timeout.
     */
    public void transferLeader(long transferee) {
        long lead = raft.lead;
        if (raft.role.kind() != StateRole.LEADER && lead == 0) return;
        raft.step(Message.builder(MessageType.MsgTransferLeader).from(transferee).to(lead).build());
    }

    /** Tells the leader a message to {@code id} could not be delivered (it then probes instead of streaming). */
    public void reportUnreachable(long id) {
        raft.step(Message.builder(MessageType.MsgUnreachable).from(id).build());
    }

    /** Tells the leader whether a MsgSnap to {@code id} was delivered (success) or failed. */
    public void reportSnapshot(long id, boolean success) {
        raft.step(Message.builder(MessageType.MsgSnapStatus).from(id).reject(!success).build());
    }

    /** True if {@link #ready()} would return something to do. False while a Ready is outstanding. */
    public boolean hasReady() {
        if (outstanding != null) return false;
        Raft r = raft;
        if (!r.softState().equals(prevSoftState)) return true;
        if (!r.hardState().equals(prevHardState)) return true;
        if (r.log.unstable.snapshot != null) return true;
        if (!r.msgs.isEmpty() || !r.log.unstable.entries.isEmpty() || !r.readStates.isEmpty()) return true;
        if (r.role.kind() == StateRole.LEADER && (r.appendDirty || r.commitDirty)) return true;
        return r.log.hasNextCommittedEnts();
    }

    /**
     * Returns the work accumulated since the last Ready; see {@link Ready} for the contract.
     *
     * @throws IllegalStateException if the previous Ready was not yet advanced
     */
    public Ready ready() {
        if (outstanding != null) {
            throw new IllegalStateException("ready() called again before advance() of the previous Ready");
        }
        Raft r = raft;
        r.flushAppends();
        SoftState ss = r.softState();
        HardState hs = r.hardState();
        List<Message> early = new ArrayList<>();
        List<Message> late = new ArrayList<>();
        // Messages may leave before the write only if our term and vote are already durable:
        // a single voter becomes leader (new term, own vote) within one Ready, and its MsgApp
        // must not carry a term that a crash could forget (it could then lead that term again).
        boolean termDurable = hs.term() == prevHardState.term() && hs.vote() == prevHardState.vote();
        for (Message m : r.msgs) {
            if (termDurable && m.type().isLeaderReplication()) early.add(m);
            else late.add(m);
        }
        r.msgs = new ArrayList<>();
        List<ReadState> rs = r.readStates.isEmpty() ? List.of() : r.readStates;
        r.readStates = new ArrayList<>();
        List<Entry> entries = r.log.unstableEntries();
        Snapshot snap = r.log.unstable.snapshot;
        Ready rd = new Ready(
                ss.equals(prevSoftState) ? null : ss,
                hs.equals(prevHardState) ? null : hs,
                rs,
                entries,
                snap,
                r.log.nextCommittedEnts(),
                early,
                late,
                !entries.isEmpty() || snap != null || !termDurable);
        prevSoftState = ss;
        prevHardState = hs;
        outstanding = rd;
        return rd;
    }

    /**
     * Acknowledges {@code rd}: its snapshot and entries are durable and its committed entries
     * have been (or are being, in order) applied.
     *
     * @throws IllegalStateException if {@code rd} is not the outstanding Ready
     */
    public void advance(Ready rd) {
        if (outstanding == null || rd != outstanding) {
            throw new IllegalStateException("advance() with a Ready that is not the outstanding one (outstanding "
                    + (outstanding == null ? "none" : "another") + ")");
        }
        outstanding = null;
        Raft r = raft;
        if (!rd.committedEntries().isEmpty()) {
            r.log.appliedTo(rd.committedEntries().get(rd.committedEntries().size() - 1).index());
            r.reduceUncommittedSize(rd.committedEntries());
        }
        Entry last = rd.entries().isEmpty() ? null : rd.entries().get(rd.entries().size() - 1);
        r.onPersisted(rd.snapshot(), last);
    }

    /** A snapshot of this node's state. */
    public Status status() {
        Raft r = raft;
        Map<Long, Status.ProgressView> prs = new LinkedHashMap<>();
        if (r.role.kind() == StateRole.LEADER) {
            for (Map.Entry<Long, Progress> e : r.trk.progress.entrySet()) {
                Progress p = e.getValue();
                prs.put(e.getKey(), new Status.ProgressView(p.match, p.next, p.state, p.isLearner, p.recentActive));
            }
        }
        return new Status(r.id, r.hardState(), r.softState(), r.log.applied, r.log.lastIndex(), r.trk.confState(),
                r.leadTransferee, Collections.unmodifiableMap(prs));
    }

    /** Package-private access for tests in this package. */
    Raft raft() {
        return raft;
    }
}

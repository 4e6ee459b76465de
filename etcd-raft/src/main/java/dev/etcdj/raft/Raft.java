package dev.etcdj.raft;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Raft state machine of one node.
 *
 * <p>Design memo. Everything here is synchronous and deterministic: inputs are messages
 * ({@link #step}), ticks ({@link #tick}) and the server's acknowledgement that a Ready is durable
 * ({@link #onPersisted}); outputs are appended to {@link #msgs}, the unstable log and
 * {@link #readStates}, which {@link RawNode} packages into a {@link Ready}. Randomness only comes
 * from the configured seeded source. The role object ({@link Role}) selects tick and step
 * behaviour; {@link #become} is the single owner of role changes and refuses illegal ones.
 *
 * <p>Durability rule: the leader's own {@link Progress#match} counts only entries the server
 * has reported durable, so an entry is committed only when a quorum holds it on disk, even
 * though the leader sends MsgApp before its own write finishes. Followers acknowledge entries
 * in messages that RawNode releases only after the Ready that contains them was persisted.
 *
 * <p>Batching: a leader does not send MsgApp per proposal; it marks {@link #appendDirty} and
 * {@link #flushAppends} sends, per follower, as few MsgApp as the size and inflight limits allow
 * when the next Ready is built.
 */
final class Raft {
    static final byte[] CAMPAIGN_TRANSFER = "CampaignTransfer".getBytes(StandardCharsets.US_ASCII);

    enum CampaignType { PRE_ELECTION, ELECTION, TRANSFER }

    final long id;
    final Config cfg;
    /** Current term; persisted (HardState). Never decreases. */
    long term;
    /** Candidate voted for in {@link #term} (0 = none); persisted. At most one vote per term. */
    long vote;
    final RaftLog log;
    final ProgressTracker trk;
    Role role = Role.FOLLOWER;
    /** This node is a learner in its current configuration (never campaigns, its vote never counts). */
    boolean isLearner;
    /** Outgoing messages since the last Ready. */
    ArrayList<Message> msgs = new ArrayList<>();
    /** Leader id in {@link #term}, 0 if unknown. */
    long lead;
    /** Leader only: target of an ongoing leadership transfer (0 = none); proposals are dropped meanwhile. */
    long leadTransferee;
    /** Leader only: index of the last conf change (or of the term's first entry); a new one may be proposed only once applied >= it. */
    long pendingConfIndex;
    /** Leader only: payload bytes proposed but not yet committed. Invariant: 0 &lt;= uncommittedSize. */
    long uncommittedSize;
    final ReadOnly readOnly = new ReadOnly();
    ArrayList<ReadState> readStates = new ArrayList<>();
    /** Read requests that arrived before the leader committed an entry in its term. */
    final ArrayList<Message> pendingReadIndexMessages = new ArrayList<>();
    /** Ticks since the last election timeout reset (followers/candidates) or CheckQuorum round (leader). */
    int electionElapsed;
    int heartbeatElapsed;
    /** In [electionTick, 2*electionTick), redrawn at every role change. */
    int randomizedElectionTimeout;
    /** Leader: followers may need MsgApp (new entries, acks that free the window). */
    boolean appendDirty;
    /** Leader: commit advanced; followers should hear about it even without new entries. */
    boolean commitDirty;

    Raft(Config cfg) {
        this.cfg = cfg;
        this.id = cfg.id();
        this.log = new RaftLog(cfg.storage(), cfg.maxCommittedSizePerReady());
        this.trk = new ProgressTracker(cfg.maxInflightMsgs(), cfg.maxInflightBytes());
        Storage.InitialState st = cfg.storage().initialState();
        trk.applyConfState(st.confState(), log.lastIndex() + 1);
        isLearner = trk.learners.contains(id);
        HardState hs = st.hardState();
        if (!hs.isEmpty()) {
            if (hs.commit() > log.lastIndex()) {
                throw new IllegalStateException("hardState commit " + hs.commit() + " is beyond the last index "
                        + log.lastIndex() + ": was the log truncated or lost?");
            }
            // A snapshot newer than the persisted commit is committed by definition.
            log.committed = Math.max(log.committed, hs.commit());
            term = hs.term();
            vote = hs.vote();
        }
        if (cfg.applied() > 0) {
            long a = Math.min(cfg.applied(), log.committed);
            if (a > log.applied) log.applied = a;
        }
        become(Role.FOLLOWER);
        reset(term);
    }

    // ---------------------------------------------------------------- state queries

    HardState hardState() {
        return new HardState(term, vote, log.committed);
    }

    SoftState softState() {
        return new SoftState(lead, role.kind());
    }

    boolean promotable() {
        return trk.voters.contains(id) && log.unstable.snapshot == null;
    }

    boolean committedEntryInCurrentTerm() {
        return log.termOrZero(log.committed) == term;
    }

    // ---------------------------------------------------------------- role changes

    private void become(Role to) {
        Role.checkTransition(role, to);
        role = to;
    }

    /** Everything a role change resets: term/vote (if the term changes), timers, votes, progress, leader state. */
    private void reset(long newTerm) {
        if (term != newTerm) {
            term = newTerm;
            vote = 0;
        }
        lead = 0;
        electionElapsed = 0;
        heartbeatElapsed = 0;
        randomizedElectionTimeout = cfg.electionTick() + cfg.random().nextInt(cfg.electionTick());
        leadTransferee = 0;
        trk.resetVotes();
        long last = log.lastIndex();
        for (Map.Entry<Long, Progress> e : trk.progress.entrySet()) {
            Progress p = new Progress(0, last + 1, cfg.maxInflightMsgs(), cfg.maxInflightBytes(), e.getValue().isLearner);
            e.setValue(p);
        }
        pendingConfIndex = 0;
        uncommittedSize = 0;
        readOnly.clear();
        pendingReadIndexMessages.clear();
        appendDirty = false;
        commitDirty = false;
    }

    void becomeFollower(long newTerm, long leader) {
        become(Role.FOLLOWER);
        reset(newTerm);
        lead = leader;
    }

    void becomePreCandidate() {
        become(Role.PRE_CANDIDATE);
        // The term and vote are untouched: a pre-election changes no persistent state.
        trk.resetVotes();
        lead = 0;
    }

    void becomeCandidate() {
        become(Role.CANDIDATE);
        reset(term + 1);
        vote = id;
    }

    void becomeLeader() {
        become(Role.LEADER);
        reset(term);
        lead = id;
        Progress self = trk.progress.get(id);
        if (self != null) { // null only if we were removed while campaigning
            self.becomeReplicate();
            self.maybeUpdate(log.lastStableIndex());
            self.recentActive = true;
        }
        // An empty entry of our term: committing it commits everything before it (Raft §5.4.2)
        // and, until it is applied, no conf change may be proposed (single-server change fix).
        Entry noop = new Entry(term, log.lastIndex() + 1, EntryType.NORMAL, Entry.EMPTY);
        log.append(List.of(noop));
        pendingConfIndex = noop.index();
        appendDirty = true;
    }

    // ---------------------------------------------------------------- ticks

    void tick() {
        role.tick(this);
    }

    void tickElection() {
        electionElapsed++;
        if (promotable() && electionElapsed >= randomizedElectionTimeout) {
            electionElapsed = 0;
            hup(cfg.preVote() ? CampaignType.PRE_ELECTION : CampaignType.ELECTION);
        }
    }

    void tickHeartbeat() {
        heartbeatElapsed++;
        electionElapsed++;
        if (electionElapsed >= cfg.electionTick()) {
            electionElapsed = 0;
            if (cfg.checkQuorum()) {
                checkQuorum();
            }
            if (role.kind() == StateRole.LEADER && leadTransferee != 0) {
                leadTransferee = 0; // transfer did not complete within an election timeout
            }
            if (role.kind() == StateRole.LEADER && !trk.voters.contains(id)) {
                transferAway(); // retry handing over leadership after our removal
            }
        }
        if (role.kind() != StateRole.LEADER) return;
        if (heartbeatElapsed >= cfg.heartbeatTick()) {
            heartbeatElapsed = 0;
            bcastHeartbeat();
        }
    }

    private void checkQuorum() {
        if (!trk.quorumActive(id)) {
            becomeFollower(term, 0);
            return;
        }
        for (Map.Entry<Long, Progress> e : trk.progress.entrySet()) {
            if (e.getKey() != id) e.getValue().recentActive = false;
        }
    }

    // ---------------------------------------------------------------- elections

    void hup(CampaignType t) {
        if (role.kind() == StateRole.LEADER) return;
        if (!promotable()) return;
        if (hasUnappliedConfChanges()) return; // its effect on membership is not known yet
        campaign(t);
    }

    private boolean hasUnappliedConfChanges() {
        if (log.applied >= log.committed) return false;
        long lo = Math.max(log.applied + 1, log.firstIndex());
        for (Entry e : log.slice(lo, log.committed + 1, Long.MAX_VALUE)) {
            if (e.type() == EntryType.CONF_CHANGE) return true;
        }
        return false;
    }

    void campaign(CampaignType t) {
        MessageType voteType;
        long voteTerm;
        if (t == CampaignType.PRE_ELECTION) {
            becomePreCandidate();
            voteType = MessageType.MsgPreVote;
            voteTerm = term + 1; // the term we would run for; not adopted yet
        } else {
            becomeCandidate();
            voteType = MessageType.MsgVote;
            voteTerm = term;
        }
        trk.recordVote(id, true);
        if (trk.tallyVotes() == ProgressTracker.VoteResult.WON) {
            // Single voter: won outright.
            if (t == CampaignType.PRE_ELECTION) campaign(CampaignType.ELECTION);
            else becomeLeader();
            return;
        }
        long li = log.lastIndex(), lt = log.lastTerm();
        for (long v : trk.voters) {
            if (v == id) continue;
            send(Message.builder(voteType).to(v).term(voteTerm).index(li).logTerm(lt)
                    .context(t == CampaignType.TRANSFER ? CAMPAIGN_TRANSFER : null).build());
        }
    }

    // ---------------------------------------------------------------- step

    private Message.Builder reply(MessageType t, long to) {
        return Message.builder(t).to(to).term(term);
    }

    void send(Message m) {
        if (m.from() == 0) {
            m = new Message(m.type(), m.to(), id, m.term(), m.logTerm(), m.index(), m.entries(), m.commit(),
                    m.snapshot(), m.reject(), m.rejectHint(), m.context());
        }
        msgs.add(m);
    }

    /**
     * Processes one message.
     *
     * @throws ProposalDroppedException for a local MsgProp that cannot be appended
     */
    void step(Message m) {
        if (m.term() == 0) {
            // local message or term-less forward (MsgProp, MsgReadIndex, MsgTransferLeader)
        } else if (m.term() > term) {
            if (m.type() == MessageType.MsgVote || m.type() == MessageType.MsgPreVote) {
                boolean force = m.context() != null && Arrays.equals(m.context(), CAMPAIGN_TRANSFER);
                boolean inLease = cfg.checkQuorum() && lead != 0 && electionElapsed < cfg.electionTick();
                if (!force && inLease) {
                    return; // we heard from a live leader recently: do not let this node disrupt it
                }
            }
            if (m.type() == MessageType.MsgPreVote) {
                // never change our term for a pre-vote
            } else if (m.type() == MessageType.MsgPreVoteResp && !m.reject()) {
                // granted pre-votes carry the future term; we adopt it only when we win
            } else if (m.type() == MessageType.MsgApp || m.type() == MessageType.MsgHeartbeat
                    || m.type() == MessageType.MsgSnap) {
                becomeFollower(m.term(), m.from());
            } else {
                becomeFollower(m.term(), 0);
            }
        } else if (m.term() < term) {
            if ((cfg.checkQuorum() || cfg.preVote())
                    && (m.type() == MessageType.MsgHeartbeat || m.type() == MessageType.MsgApp)) {
                // A stale leader (e.g. after a partition): tell it our term so it steps down,
                // since with CheckQuorum/PreVote we may otherwise never raise its term.
                send(reply(MessageType.MsgAppResp, m.from()).build());
            } else if (m.type() == MessageType.MsgPreVote) {
                send(reply(MessageType.MsgPreVoteResp, m.from()).reject(true)
                        .index(log.committed).logTerm(log.termOrZero(log.committed)).build());
            }
            return;
        }

        if ((m.type() == MessageType.MsgVoteResp || m.type() == MessageType.MsgPreVoteResp)
                && role.kind() != StateRole.LEADER) {
            learnCommit(m); // a leader computes its commit from its own quorum only
        }
        switch (m.type()) {
            case MsgHup -> hup(cfg.preVote() ? CampaignType.PRE_ELECTION : CampaignType.ELECTION);
            case MsgVote, MsgPreVote -> handleVoteRequest(m);
            default -> role.step(this, m);
        }
    }

    private void handleVoteRequest(Message m) {
        boolean canVote = vote == m.from()
                || (vote == 0 && lead == 0)
                || (m.type() == MessageType.MsgPreVote && m.term() > term);
        MessageType resp = MessageType.voteResponseFor(m.type());
        // Every vote response also carries our commit index and its term (see learnCommit).
        long ci = log.committed, ct = log.termOrZero(ci);
        if (canVote && log.isUpToDate(m.index(), m.logTerm())) {
            // Respond with the message's term: for a pre-vote our own term did not change.
            send(Message.builder(resp).to(m.from()).term(m.term()).index(ci).logTerm(ct).build());
            if (m.type() == MessageType.MsgVote) {
                electionElapsed = 0;
                vote = m.from();
            }
        } else {
            send(reply(resp, m.from()).reject(true).index(ci).logTerm(ct).build());
        }
    }

    /**
     * A vote response says the voter's log is committed up to (index, logTerm). If our entry at
     * that index has that term, our log equals the voter's up to it (log matching), so that prefix
     * is committed for us too. This matters when a member was removed: the remaining voters may
     * not have learned that the removal committed, still need the removed member's vote under the
     * old configuration, and be refused it because the removed member's log is longer. Learning the
     * commit lets them apply the removal and elect a leader without it.
     */
    private void learnCommit(Message m) {
        if (m.index() > log.committed && m.logTerm() > 0 && log.matchTerm(m.index(), m.logTerm())) {
            log.commitTo(m.index());
        }
    }

    // ---------------------------------------------------------------- leader

    void stepLeader(Message m) {
        switch (m.type()) {
            case MsgBeat -> {
                bcastHeartbeat();
                return;
            }
            case MsgCheckQuorum -> {
                checkQuorum();
                return;
            }
            case MsgProp -> {
                handleProposal(m);
                return;
            }
            case MsgReadIndex -> {
                handleReadIndex(m);
                return;
            }
            default -> {
            }
        }
        Progress pr = trk.progress.get(m.from());
        if (pr == null) return; // not a member (any more)
        switch (m.type()) {
            case MsgAppResp -> handleAppendResponse(m, pr);
            case MsgHeartbeatResp -> handleHeartbeatResponse(m, pr);
            case MsgSnapStatus -> {
                if (pr.state != ProgressState.SNAPSHOT) return;
                if (m.reject()) pr.pendingSnapshot = 0;
                pr.becomeProbe();
                // Wait for a heartbeat response before probing again (MsgSnap may still be in flight).
                pr.msgAppFlowPaused = true;
            }
            case MsgUnreachable -> {
                if (pr.state == ProgressState.REPLICATE) pr.becomeProbe();
            }
            case MsgTransferLeader -> handleTransferLeader(m.from(), pr);
            default -> {
            }
        }
    }

    private void handleProposal(Message m) {
        boolean local = m.from() == id || m.from() == 0;
        if (m.entries().isEmpty()) throw new IllegalArgumentException("MsgProp without entries");
        if (!trk.voters.contains(id)) {
            drop(local, "this node is not a voting member of the cluster");
            return;
        }
        if (leadTransferee != 0) {
            drop(local, "leadership transfer to " + leadTransferee + " in progress");
            return;
        }
        List<Entry> ents = new ArrayList<>(m.entries().size());
        long li = log.lastIndex();
        for (int i = 0; i < m.entries().size(); i++) {
            Entry e = m.entries().get(i);
            long idx = li + 1 + i;
            if (e.type() == EntryType.CONF_CHANGE) {
                if (pendingConfIndex > log.applied) {
                    if (local) {
                        drop(true, "a conf change is pending (index " + pendingConfIndex + " > applied " + log.applied + ")");
                        return;
                    }
                    // Keep the batch's shape; the forwarded conf change becomes a no-op.
                    ents.add(new Entry(term, idx, EntryType.NORMAL, Entry.EMPTY));
                    continue;
                }
                pendingConfIndex = idx;
            }
            ents.add(new Entry(term, idx, e.type(), e.data()));
        }
        if (!appendEntries(ents)) {
            drop(local, "too many uncommitted entries (" + uncommittedSize + " bytes, limit " + cfg.maxUncommittedEntriesSize() + ")");
        }
    }

    private static void drop(boolean local, String why) {
        if (local) throw new ProposalDroppedException(why);
    }

    private boolean appendEntries(List<Entry> ents) {
        long s = 0;
        for (Entry e : ents) s += e.data().length;
        long max = cfg.maxUncommittedEntriesSize();
        if (max > 0 && uncommittedSize > 0 && s > 0 && uncommittedSize + s > max) return false;
        uncommittedSize += s;
        log.append(ents);
        appendDirty = true;
        return true;
    }

    void reduceUncommittedSize(List<Entry> committed) {
        if (role.kind() != StateRole.LEADER) return;
        long s = 0;
        for (Entry e : committed) s += e.data().length;
        uncommittedSize = Math.max(0, uncommittedSize - s);
    }

    private boolean maybeCommit() {
        if (log.maybeCommit(trk.committed(), term)) {
            commitDirty = true;
            appendDirty = true;
            releasePendingReadIndexMessages();
            return true;
        }
        return false;
    }

    private void handleAppendResponse(Message m, Progress pr) {
        pr.recentActive = true;
        if (m.reject()) {
            long nextProbe = m.rejectHint();
            if (m.logTerm() > 0) {
                // Fast back-off: skip every entry of ours whose term exceeds the follower's term at the hint.
                nextProbe = log.findConflictByTerm(m.rejectHint(), m.logTerm());
            }
            if (pr.maybeDecrTo(m.index(), nextProbe)) {
                if (pr.state == ProgressState.REPLICATE) pr.becomeProbe();
                sendAppend(m.from(), true);
            }
            return;
        }
        if (pr.maybeUpdate(m.index()) || (pr.match == m.index() && pr.state == ProgressState.PROBE)) {
            switch (pr.state) {
                case PROBE -> pr.becomeReplicate();
                case SNAPSHOT -> {
                    if (pr.match + 1 >= log.firstIndex()) {
                        pr.becomeProbe();
                        pr.becomeReplicate();
                    }
                }
                case REPLICATE -> pr.inflights.freeLE(m.index());
            }
            maybeCommit();
            appendDirty = true;
            if (m.from() == leadTransferee && pr.match == log.lastIndex()) {
                sendTimeoutNow(m.from());
            }
        }
    }

    private void handleHeartbeatResponse(Message m, Progress pr) {
        pr.recentActive = true;
        pr.msgAppFlowPaused = false;
        if (pr.state == ProgressState.REPLICATE && pr.inflights.full()) {
            // A MsgApp may have been lost: free a slot so the stream (or a rejection) resumes.
            pr.inflights.freeFirstOne();
        }
        if (pr.match < log.lastIndex() || pr.state == ProgressState.PROBE) {
            sendAppend(m.from(), pr.match < log.lastIndex());
        }
        if (cfg.readOnlyOption() != ReadOnlyOption.SAFE || m.context() == null || m.context().length == 0) return;
        Set<Long> acks = readOnly.recvAck(m.from(), m.context());
        if (acks == null) return;
        int voterAcks = 0;
        for (long a : acks) if (trk.voters.contains(a)) voterAcks++;
        if (voterAcks < trk.quorum()) return;
        for (ReadOnly.Status s : readOnly.advance(m.context())) {
            respondToReadIndex(s.req(), s.index());
        }
    }

    private void handleTransferLeader(long transferee, Progress pr) {
        if (pr.isLearner) return; // a learner cannot lead
        if (leadTransferee != 0) {
            if (leadTransferee == transferee) return; // already in progress
            leadTransferee = 0;
        }
        if (transferee == id) return; // already leader
        electionElapsed = 0; // the transfer must finish within one election timeout
        leadTransferee = transferee;
        if (pr.match == log.lastIndex()) {
            sendTimeoutNow(transferee);
        } else {
            sendAppend(transferee, true);
        }
    }

    private void sendTimeoutNow(long to) {
        send(reply(MessageType.MsgTimeoutNow, to).build());
    }

    private void handleReadIndex(Message m) {
        if (!committedEntryInCurrentTerm()) {
            // The commit index of a new leader may lag (even a single voter's: it commits only
            // what is durable); answer once our term's first entry commits.
            pendingReadIndexMessages.add(m);
            return;
        }
        if (trk.voters.size() == 1 && trk.voters.contains(id)) {
            respondToReadIndex(m, log.committed);
            return;
        }
        if (cfg.readOnlyOption() == ReadOnlyOption.SAFE) {
            readOnly.addRequest(log.committed, m);
            readOnly.recvAck(id, m.context());
            bcastHeartbeatWithCtx(m.context());
        } else {
            respondToReadIndex(m, log.committed);
        }
    }

    private void releasePendingReadIndexMessages() {
        if (pendingReadIndexMessages.isEmpty() || !committedEntryInCurrentTerm()) return;
        List<Message> ms = new ArrayList<>(pendingReadIndexMessages);
        pendingReadIndexMessages.clear();
        for (Message m : ms) handleReadIndex(m);
    }

    private void respondToReadIndex(Message req, long index) {
        if (req.from() == 0 || req.from() == id) {
            readStates.add(new ReadState(index, req.context()));
        } else {
            send(reply(MessageType.MsgReadIndexResp, req.from()).index(index).context(req.context()).build());
        }
    }

    void bcastHeartbeat() {
        bcastHeartbeatWithCtx(cfg.readOnlyOption() == ReadOnlyOption.SAFE ? readOnly.lastPendingRequestCtx() : null);
    }

    private void bcastHeartbeatWithCtx(byte[] ctx) {
        for (Map.Entry<Long, Progress> e : trk.progress.entrySet()) {
            long to = e.getKey();
            if (to == id) continue;
            long commit = Math.min(e.getValue().match, log.committed);
            send(reply(MessageType.MsgHeartbeat, to).commit(commit).context(ctx).build());
        }
    }

    /**
     * Sends one MsgApp (or MsgSnap) to {@code to} if its progress allows. With
     * {@code sendIfEmpty == false} nothing is sent when there are no new entries.
     */
    boolean sendAppend(long to, boolean sendIfEmpty) {
        Progress pr = trk.progress.get(to);
        if (pr == null || pr.isPaused()) return false;
        long prevIndex = pr.next - 1;
        long prevTerm;
        List<Entry> ents;
        try {
            prevTerm = log.term(prevIndex);
            ents = (pr.state == ProgressState.REPLICATE || pr.state == ProgressState.PROBE)
                    ? log.entries(pr.next, cfg.maxSizePerMsg()) : List.of();
        } catch (CompactedException e) {
            return sendSnapshot(to, pr);
        }
        if (ents.isEmpty() && !sendIfEmpty) return false;
        long bytes = 0;
        for (Entry e : ents) bytes += e.size();
        send(reply(MessageType.MsgApp, to).index(prevIndex).logTerm(prevTerm).entries(ents).commit(log.committed).build());
        pr.sentEntries(ents.size(), bytes);
        return true;
    }

    private boolean sendSnapshot(long to, Progress pr) {
        if (!pr.recentActive) return false; // do not ship a snapshot to a peer that may be down
        Snapshot snap;
        try {
            snap = log.snapshot();
        } catch (SnapshotTemporarilyUnavailableException e) {
            return false;
        }
        if (snap.isEmpty()) throw new IllegalStateException("need a non-empty snapshot to catch up " + to);
        pr.becomeSnapshot(snap.index());
        send(reply(MessageType.MsgSnap, to).snapshot(snap).build());
        return true;
    }

    /** Leader: sends pending MsgApp to every follower, batched up to the size/window limits. */
    void flushAppends() {
        if (role.kind() != StateRole.LEADER) {
            appendDirty = false;
            commitDirty = false;
            return;
        }
        if (!appendDirty && !commitDirty) return;
        boolean commitChanged = commitDirty;
        appendDirty = false;
        commitDirty = false;
        for (long to : trk.progress.keySet()) {
            if (to == id) continue;
            boolean sent = false;
            while (sendAppend(to, false)) sent = true;
            if (!sent && commitChanged) sendAppend(to, true);
        }
    }

    // ---------------------------------------------------------------- candidate

    void stepCandidate(Message m, MessageType myVoteResp) {
        switch (m.type()) {
            case MsgProp -> drop(m.from() == id || m.from() == 0, "no leader (campaigning)");
            case MsgApp -> {
                becomeFollower(m.term(), m.from());
                handleAppend(m);
            }
            case MsgHeartbeat -> {
                becomeFollower(m.term(), m.from());
                handleHeartbeat(m);
            }
            case MsgSnap -> {
                becomeFollower(m.term(), m.from());
                handleSnapshot(m);
            }
            case MsgVoteResp, MsgPreVoteResp -> {
                if (m.type() != myVoteResp) return;
                trk.recordVote(m.from(), !m.reject());
                switch (trk.tallyVotes()) {
                    case WON -> {
                        if (role.kind() == StateRole.PRE_CANDIDATE) campaign(CampaignType.ELECTION);
                        else becomeLeader();
                    }
                    case LOST -> becomeFollower(term, 0);
                    case PENDING -> {
                    }
                }
            }
            default -> {
                // MsgTimeoutNow, MsgReadIndex, MsgTransferLeader: no leader to act on them.
            }
        }
    }

    // ---------------------------------------------------------------- follower

    void stepFollower(Message m) {
        switch (m.type()) {
            case MsgProp -> {
                if (lead == 0) {
                    drop(m.from() == id || m.from() == 0, "no leader");
                    return;
                }
                send(new Message(MessageType.MsgProp, lead, id, 0, 0, 0, m.entries(), 0, null, false, 0, null));
            }
            case MsgApp -> {
                electionElapsed = 0;
                lead = m.from();
                handleAppend(m);
            }
            case MsgHeartbeat -> {
                electionElapsed = 0;
                lead = m.from();
                handleHeartbeat(m);
            }
            case MsgSnap -> {
                electionElapsed = 0;
                lead = m.from();
                handleSnapshot(m);
            }
            case MsgTransferLeader -> {
                if (lead == 0) return;
                send(new Message(MessageType.MsgTransferLeader, lead, m.from(), 0, 0, 0, List.of(), 0, null, false, 0, null)); // from stays the transferee, as etcd does
            }
            case MsgTimeoutNow -> hup(CampaignType.TRANSFER);
            case MsgReadIndex -> {
                if (lead == 0) return;
                send(new Message(MessageType.MsgReadIndex, lead, id, 0, 0, 0, List.of(), 0, null, false, 0, m.context()));
            }
            case MsgReadIndexResp -> readStates.add(new ReadState(m.index(), m.context()));
            default -> {
            }
        }
    }

    private void handleAppend(Message m) {
        if (m.index() < log.committed) {
            send(reply(MessageType.MsgAppResp, m.from()).index(log.committed).build());
            return;
        }
        long lastNew = log.maybeAppend(m.index(), m.logTerm(), m.commit(), m.entries());
        if (lastNew >= 0) {
            send(reply(MessageType.MsgAppResp, m.from()).index(lastNew).build());
            return;
        }
        // Reject, with a hint: the largest index <= min(m.index, lastIndex) whose term <= m.logTerm.
        long hintIndex = Math.min(m.index(), log.lastIndex());
        hintIndex = log.findConflictByTerm(hintIndex, m.logTerm());
        long hintTerm = log.termOrZero(hintIndex);
        send(reply(MessageType.MsgAppResp, m.from()).index(m.index()).reject(true).rejectHint(hintIndex)
                .logTerm(hintTerm).build());
    }

    private void handleHeartbeat(Message m) {
        log.commitTo(m.commit());
        send(reply(MessageType.MsgHeartbeatResp, m.from()).context(m.context()).build());
    }

    private void handleSnapshot(Message m) {
        Snapshot s = m.snapshot();
        if (s != null && restore(s)) {
            send(reply(MessageType.MsgAppResp, m.from()).index(log.lastIndex()).build());
        } else {
            send(reply(MessageType.MsgAppResp, m.from()).index(log.committed).build());
        }
    }

    /** Installs a leader's snapshot; false if it is stale or already covered by our log. */
    boolean restore(Snapshot s) {
        if (s.index() <= log.committed) return false;
        if (role.kind() != StateRole.FOLLOWER) {
            throw new IllegalStateException("non-follower " + role.kind() + " attempted to restore a snapshot");
        }
        ConfState cs = s.metadata().confState();
        if (!cs.isMember(id) && trk.progress.containsKey(id)) {
            return false; // it would remove us; a joining node (not yet in any config) accepts it
        }
        if (log.matchTerm(s.index(), s.term())) {
            log.commitTo(s.index()); // we already have the entries: fast-forward the commit only
            return false;
        }
        log.restore(s);
        trk.applyConfState(cs, log.lastIndex() + 1);
        isLearner = trk.learners.contains(id);
        return true;
    }

    // ---------------------------------------------------------------- membership

    ConfState applyConfChange(ConfChange cc) {
        java.util.TreeSet<Long> voters = new java.util.TreeSet<>(trk.voters);
        java.util.TreeSet<Long> learners = new java.util.TreeSet<>(trk.learners);
        switch (cc.type()) {
            case ADD_NODE -> {
                learners.remove(cc.nodeId());
                voters.add(cc.nodeId());
            }
            case ADD_LEARNER_NODE -> {
                voters.remove(cc.nodeId());
                learners.add(cc.nodeId());
            }
            case REMOVE_NODE -> {
                voters.remove(cc.nodeId());
                learners.remove(cc.nodeId());
            }
        }
        if (voters.isEmpty()) {
            // Deterministic no-op on every member: a cluster without voters cannot make progress.
            return trk.confState();
        }
        ConfState cs = new ConfState(voters, learners);
        switchToConfig(cs);
        return cs;
    }

    private void switchToConfig(ConfState cs) {
        trk.applyConfState(cs, log.lastIndex() + 1);
        isLearner = trk.learners.contains(id);
        if (role.kind() != StateRole.LEADER) return;
        if (!trk.voters.contains(id)) {
            // Removed or demoted. Stepping down at once could deadlock: the remaining voters may
            // not know the removal is committed and still need our vote, while our log is the
            // most complete. So keep leading the new configuration (we no longer count towards
            // its quorum, and accept no proposals) and hand leadership to its most up-to-date
            // voter, retrying every election timeout (see tickHeartbeat).
            maybeCommit();
            appendDirty = true;
            transferAway();
            return;
        }
        if (leadTransferee != 0 && !trk.voters.contains(leadTransferee)) leadTransferee = 0;
        maybeCommit(); // the quorum may have shrunk
        appendDirty = true;
    }

    private void transferAway() {
        if (leadTransferee != 0) return;
        long best = 0;
        long bestMatch = -1;
        for (long v : trk.voters) {
            Progress p = trk.progress.get(v);
            if (v != id && p.match > bestMatch) {
                best = v;
                bestMatch = p.match;
            }
        }
        if (best != 0) handleTransferLeader(best, trk.progress.get(best));
    }

    // ---------------------------------------------------------------- durability

    /**
     * The server persisted the Ready's snapshot (if any) and its entries up to (index, term).
     * A leader may now count those entries as replicated on itself.
     */
    void onPersisted(Snapshot snap, Entry lastEntry) {
        if (snap != null) {
            log.stableSnapTo(snap.index());
            if (log.applied < snap.index()) log.applied = snap.index();
        }
        if (lastEntry != null) log.stableTo(lastEntry.index(), lastEntry.term());
        if (role.kind() == StateRole.LEADER) {
            Progress self = trk.progress.get(id);
            if (self != null && self.maybeUpdate(log.lastStableIndex())) maybeCommit();
        }
    }
}

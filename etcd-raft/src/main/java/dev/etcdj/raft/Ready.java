package dev.etcdj.raft;

import java.util.List;

/**
 * Everything a {@link RawNode} needs the server to do, handed out by {@link RawNode#ready()} and
 * acknowledged by {@link RawNode#advance(Ready)}. Process it in this order:
 *
 * <ol>
 *   <li>Send {@link #messages()} at any time, even before or while persisting (they are a leader's
 *       MsgApp/MsgHeartbeat/MsgSnap/MsgTimeoutNow/MsgReadIndexResp, which acknowledge nothing;
 *       Raft thesis §10.2.1 — the leader counts its own entries towards commit only after
 *       {@link RawNode#advance}). This list is empty whenever this Ready changes the term or
 *       the vote (a single voter elects itself within one Ready): those messages then wait in
 *       {@link #messagesAfterPersist()}, so no message ever carries a term a crash could forget.</li>
 *   <li>Persist, in one durable write: {@link #snapshot()} (if non-null: apply it to the
 *       Storage first), then {@link #entries()} (append, replacing any existing entries at the same
 *       or higher indexes), then {@link #hardState()} (if non-null). {@link #mustSync()} says whether
 *       the write must be fsynced: a hard state that only moves the commit index may be written
 *       without one (as etcd: a lost commit index is learned again from the leader).</li>
 *   <li>Only after that write is durable, send {@link #messagesAfterPersist()} (vote requests,
 *       vote and append/heartbeat responses, forwarded proposals and reads: a vote or an
 *       acknowledgement promises the recipient that our term, vote and entries are durable).</li>
 *   <li>Apply {@link #snapshot()} (if non-null) and then {@link #committedEntries()} to the state
 *       machine, in order, after step 2. For each CONF_CHANGE entry call
 *       {@link RawNode#applyConfChange(ConfChange)} (on the RawNode's thread).</li>
 *   <li>Serve {@link #readStates()}: a read with that context may be served once the applied index
 *       reaches {@code ReadState.index()}.</li>
 *   <li>Call {@link RawNode#advance(Ready)} once the write of step 2 is durable and the committed
 *       entries have been handed to the apply stage. Only then does a leader count its own new
 *       entries towards commitment. step()/tick() may be called between ready() and advance(), but
 *       ready() may not be called again before advance() (it throws).</li>
 * </ol>
 *
 * @param softState            new leader/role, or null if unchanged
 * @param hardState            new hard state to persist, or null if unchanged
 * @param readStates           answers to readIndex requests
 * @param entries              entries to persist (not yet durable)
 * @param snapshot             snapshot received from the leader to persist and apply, or null
 * @param committedEntries     entries to apply (already persisted, or in {@link #entries()} of this Ready)
 * @param messages             messages that may be sent immediately
 * @param messagesAfterPersist messages that may be sent only after this Ready is durable
 * @param mustSync             whether the write must be fsynced: new entries, a snapshot, or a
 *                             changed term or vote (not a hard state that only moves the commit)
 */
public record Ready(
        SoftState softState,
        HardState hardState,
        List<ReadState> readStates,
        List<Entry> entries,
        Snapshot snapshot,
        List<Entry> committedEntries,
        List<Message> messages,
        List<Message> messagesAfterPersist,
        boolean mustSync) {

    /** True if nothing at all is in this Ready. */
    public boolean isEmpty() {
        return softState == null && hardState == null && readStates.isEmpty() && entries.isEmpty() && snapshot == null
                && committedEntries.isEmpty() && messages.isEmpty() && messagesAfterPersist.isEmpty();
    }
}

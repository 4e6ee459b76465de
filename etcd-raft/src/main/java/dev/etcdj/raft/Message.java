package dev.etcdj.raft;

import java.util.List;
import java.util.Objects;

/**
 * A Raft message: plain data, so the server can map it to etcd's {@code raftpb.Message} (or any
 * wire format) itself. Fields mean what they mean in etcd's raftpb. Byte arrays and the entries
 * list are not copied.
 *
 * @param type       the message type
 * @param to         recipient id
 * @param from       sender id
 * @param term       sender's term; 0 for MsgProp / MsgReadIndex, which are term-less forwards
 * @param logTerm    MsgApp: term of the entry at {@code index}; votes: term of the last entry;
 *                   MsgAppResp rejections: term of the entry at {@code rejectHint}
 * @param index      MsgApp: index preceding {@code entries}; votes: last log index;
 *                   MsgAppResp: highest index known to match (or the rejected index);
 *                   MsgReadIndexResp: the read index
 * @param entries    entries to append (MsgApp) or to propose (MsgProp); never null
 * @param commit     leader's commit index (MsgApp, MsgHeartbeat)
 * @param snapshot   MsgSnap only, otherwise null
 * @param reject     true for a rejected vote or append
 * @param rejectHint MsgAppResp rejections: a hint where the follower's log may match
 * @param context    heartbeat/read-index request context; campaign type for votes; may be null
 */
public record Message(
        MessageType type,
        long to,
        long from,
        long term,
        long logTerm,
        long index,
        List<Entry> entries,
        long commit,
        Snapshot snapshot,
        boolean reject,
        long rejectHint,
        byte[] context) {

    public Message {
        Objects.requireNonNull(type, "type");
        if (entries == null) entries = List.of();
    }

    /** Starts a builder for a message of the given type. */
    public static Builder builder(MessageType type) {
        return new Builder(type);
    }

    /** Total size of the carried entries as counted against byte limits. */
    public long entriesSize() {
        long s = 0;
        for (Entry e : entries) s += e.size();
        return s;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(from).append("->").append(to).append(' ').append(type).append(" term=").append(term)
                .append(" logTerm=").append(logTerm).append(" index=").append(index).append(" commit=").append(commit);
        if (!entries.isEmpty()) sb.append(" entries=").append(entries.size()).append('[').append(entries.get(0).index())
                .append("..").append(entries.get(entries.size() - 1).index()).append(']');
        if (reject) sb.append(" REJECT hint=").append(rejectHint);
        if (snapshot != null) sb.append(" snap=").append(snapshot.index()).append('/').append(snapshot.term());
        if (context != null) sb.append(" ctx=").append(context.length).append('B');
        return sb.toString();
    }

    /** Mutable builder; fields default to zero/empty. */
    public static final class Builder {
        private final MessageType type;
        private long to, from, term, logTerm, index, commit, rejectHint;
        private List<Entry> entries = List.of();
        private Snapshot snapshot;
        private boolean reject;
        private byte[] context;

        private Builder(MessageType type) {
            this.type = type;
        }

        public Builder to(long v) { to = v; return this; }
        public Builder from(long v) { from = v; return this; }
        public Builder term(long v) { term = v; return this; }
        public Builder logTerm(long v) { logTerm = v; return this; }
        public Builder index(long v) { index = v; return this; }
        public Builder commit(long v) { commit = v; return this; }
        public Builder rejectHint(long v) { rejectHint = v; return this; }
        public Builder entries(List<Entry> v) { entries = v; return this; }
        public Builder snapshot(Snapshot v) { snapshot = v; return this; }
        public Builder reject(boolean v) { reject = v; return this; }
        public Builder context(byte[] v) { context = v; return this; }

        public Message build() {
            return new Message(type, to, from, term, logTerm, index, entries, commit, snapshot, reject, rejectHint, context);
        }
    }
}

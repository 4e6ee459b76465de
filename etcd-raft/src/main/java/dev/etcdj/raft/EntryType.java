package dev.etcdj.raft;

/** The kind of a log entry. */
public enum EntryType {
    /** Application data, opaque to Raft (an empty payload is the leader's no-op). */
    NORMAL,
    /**
     * A membership change; {@code data} is {@link ConfChange#encode()} (or the server's own
     * encoding, see {@link RawNode#proposeConfChangeData}). Raft never decodes it.
     */
    CONF_CHANGE
}

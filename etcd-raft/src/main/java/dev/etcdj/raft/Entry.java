package dev.etcdj.raft;

import java.util.Arrays;
import java.util.Objects;

/**
 * One log entry.
 *
 * <p>{@code data} is NOT copied: neither the caller nor the library may mutate it after it is
 * handed over. {@link #equals} is therefore reference-based for the payload; use
 * {@link #sameAs(Entry)} to compare contents.
 *
 * @param term  the term in which a leader created the entry (&gt;= 1 for real entries)
 * @param index the position in the log (&gt;= 1 for real entries)
 * @param type  NORMAL or CONF_CHANGE
 * @param data  payload, never null (may be empty)
 */
public record Entry(long term, long index, EntryType type, byte[] data) {
    static final byte[] EMPTY = new byte[0];
    /** Per-entry overhead counted in message-size limits, in addition to the payload. */
    static final int OVERHEAD = 16;

    public Entry {
        Objects.requireNonNull(type, "type");
        if (data == null) data = EMPTY;
        if (term < 0 || index < 0) {
            throw new IllegalArgumentException("negative term/index: term=" + term + " index=" + index);
        }
    }

    /** Convenience constructor for a NORMAL entry. */
    public static Entry normal(long term, long index, byte[] data) {
        return new Entry(term, index, EntryType.NORMAL, data);
    }

    /** Size of this entry as counted against byte limits (payload plus a fixed overhead). */
    public long size() {
        return data.length + OVERHEAD;
    }

    /** Content equality (term, index, type and payload bytes). */
    public boolean sameAs(Entry o) {
        return o != null && term == o.term && index == o.index && type == o.type && Arrays.equals(data, o.data);
    }

    @Override
    public String toString() {
        return "Entry{" + term + "/" + index + (type == EntryType.CONF_CHANGE ? " conf" : "") + " " + data.length + "B}";
    }
}

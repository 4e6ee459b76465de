package dev.etcdj.raft;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One membership change. Proposed with {@link RawNode#proposeConfChange(ConfChange)}, it travels in
 * a CONF_CHANGE entry whose data is {@link #encode()}; when the server applies that committed
 * entry it calls {@link RawNode#applyConfChange(ConfChange)} with {@link #decode(byte[])} of it.
 *
 * @param type    the change
 * @param nodeId  the member concerned (non-zero)
 * @param context opaque to Raft (etcd puts the serialized Member here); not copied, never null
 */
public record ConfChange(ConfChangeType type, long nodeId, byte[] context) {
    public ConfChange {
        Objects.requireNonNull(type, "type");
        if (nodeId == 0) throw new IllegalArgumentException("nodeId must be non-zero");
        if (context == null) context = Entry.EMPTY;
    }

    public ConfChange(ConfChangeType type, long nodeId) {
        this(type, nodeId, Entry.EMPTY);
    }

    /** Compact binary form: [type:1][nodeId:8][context...]. */
    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(9 + context.length);
        b.put((byte) type.ordinal()).putLong(nodeId).put(context);
        return b.array();
    }

    /** Inverse of {@link #encode()}. @throws IllegalArgumentException on malformed input */
    public static ConfChange decode(byte[] data) {
        if (data == null || data.length < 9) {
            throw new IllegalArgumentException("conf change too short: " + (data == null ? "null" : data.length + "B"));
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        int t = b.get();
        if (t < 0 || t >= ConfChangeType.values().length) throw new IllegalArgumentException("bad conf change type " + t);
        long id = b.getLong();
        byte[] ctx = new byte[data.length - 9];
        b.get(ctx);
        return new ConfChange(ConfChangeType.values()[t], id, ctx);
    }
}

package dev.etcdj.raft;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pending ReadIndex requests of a leader in SAFE mode. Each request records the commit index
 * at arrival; it is released once a quorum has acknowledged a heartbeat carrying its context,
 * which proves this node was still leader when the request arrived. Releasing one request
 * also releases every earlier one (queue order = arrival order).
 */
final class ReadOnly {
    record Status(Message req, long index, Set<Long> acks) {
    }

    /** Keyed by the request context (as a string of bytes); insertion order = arrival order. */
    private final LinkedHashMap<String, Status> pending = new LinkedHashMap<>();

    static String key(byte[] ctx) {
        return new String(ctx, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    void addRequest(long index, Message m) {
        String k = key(m.context());
        if (pending.containsKey(k)) return;
        pending.put(k, new Status(m, index, new HashSet<>()));
    }

    /** Records an ack; returns the number of acks so far, or -1 if the context is unknown. */
    Set<Long> recvAck(long id, byte[] ctx) {
        Status s = pending.get(key(ctx));
        if (s == null) return null;
        s.acks.add(id);
        return s.acks;
    }

    /** Removes and returns every request up to and including the one with this context. */
    List<Status> advance(byte[] ctx) {
        String k = key(ctx);
        if (!pending.containsKey(k)) return List.of();
        List<Status> out = new ArrayList<>();
        var it = pending.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Status> e = it.next();
            out.add(e.getValue());
            it.remove();
            if (e.getKey().equals(k)) break;
        }
        return out;
    }

    /** Context of the most recent pending request, or null. */
    byte[] lastPendingRequestCtx() {
        byte[] last = null;
        for (Status s : pending.values()) last = s.req.context();
        return last;
    }

    void clear() {
        pending.clear();
    }

    int size() {
        return pending.size();
    }

    static Map<String, Status> newMap() {
        return new HashMap<>();
    }
}

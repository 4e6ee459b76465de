package dev.etcdj.raft;

/**
 * The MsgApp messages sent to one follower and not yet acknowledged, as a ring buffer of
 * (last index, bytes). Full when either {@code count == maxCount} or {@code bytes >= maxBytes}.
 * Worked example (maxCount 3): add(5,10) add(9,10) add(12,10) -> full; freeLE(9) -> [12] left.
 */
final class Inflights {
    private final int maxCount;
    private final long maxBytes; // 0 = unlimited
    private long[] indexes;
    private long[] sizes;
    private int start;
    /** Invariant: 0 &lt;= count &lt;= maxCount; indexes increase from start around the ring. */
    private int count;
    private long bytes;

    Inflights(int maxCount, long maxBytes) {
        this.maxCount = maxCount;
        this.maxBytes = maxBytes;
        int cap = Math.min(maxCount, 16);
        indexes = new long[cap];
        sizes = new long[cap];
    }

    void add(long index, long size) {
        if (full()) throw new IllegalStateException("cannot add into a full inflights (count " + count + ", bytes " + bytes + ")");
        if (count == indexes.length) grow();
        int next = (start + count) % indexes.length;
        indexes[next] = index;
        sizes[next] = size;
        count++;
        bytes += size;
    }

    private void grow() {
        int cap = Math.min(maxCount, indexes.length * 2);
        long[] ni = new long[cap], ns = new long[cap];
        for (int i = 0; i < count; i++) {
            ni[i] = indexes[(start + i) % indexes.length];
            ns[i] = sizes[(start + i) % indexes.length];
        }
        indexes = ni;
        sizes = ns;
        start = 0;
    }

    /** Frees every inflight message whose last index is &lt;= to. */
    void freeLE(long to) {
        while (count > 0 && indexes[start] <= to) {
            bytes -= sizes[start];
            start = (start + 1) % indexes.length;
            count--;
        }
        if (count == 0) start = 0;
    }

    void freeFirstOne() {
        if (count > 0) freeLE(indexes[start]);
    }

    boolean full() {
        return count >= maxCount || (maxBytes > 0 && bytes >= maxBytes);
    }

    int count() {
        return count;
    }

    void reset() {
        count = 0;
        start = 0;
        bytes = 0;
    }
}

package dev.etcdj.cli.transport;

import java.util.ArrayDeque;

/** One HTTP/2 stream's state on its connection; guarded by the connection's lock. */
final class H2Stream {
    /** What the connection's reader thread reports for a stream; called without the connection's lock. */
    interface Listener {
        void onHeaders(java.util.List<HpackDecoder.Field> fields, boolean endStream);

        void onData(byte[] data, int off, int len, boolean endStream);

        /** The stream ended without trailers: reset by the server or the connection was lost. */
        void onReset(io.grpc.Status status);
    }

    final int id;
    final Listener listener;
    long sendWindow;
    /** Data not yet sent for lack of flow-control window; the head may be partly sent. */
    final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    int headOffset;
    boolean endStreamQueued;
    /** Received bytes the caller consumed that have not been granted back to the server yet. */
    int unacked;

    H2Stream(int id, Listener listener, long sendWindow) {
        this.id = id;
        this.listener = listener;
        this.sendWindow = sendWindow;
    }
}

package dev.etcdj.cli.transport;

/** One HTTP/2 frame as read (RFC 7540 section 4.1). */
record Frame(int type, int flags, int streamId, byte[] payload) {
    static final int DATA = 0;
    static final int HEADERS = 1;
    static final int RST_STREAM = 3;
    static final int SETTINGS = 4;
    static final int PUSH_PROMISE = 5;
    static final int PING = 6;
    static final int GOAWAY = 7;
    static final int WINDOW_UPDATE = 8;
    static final int CONTINUATION = 9;

    static final int END_STREAM = 0x1;
    static final int ACK = 0x1;
    static final int END_HEADERS = 0x4;
    static final int PADDED = 0x8;
    static final int PRIORITY = 0x20;

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    int int32(int offset) {
        return (payload[offset] & 0xff) << 24 | (payload[offset + 1] & 0xff) << 16
                | (payload[offset + 2] & 0xff) << 8 | (payload[offset + 3] & 0xff);
    }
}

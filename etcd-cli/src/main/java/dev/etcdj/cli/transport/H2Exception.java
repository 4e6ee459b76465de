package dev.etcdj.cli.transport;

import java.io.IOException;

/** A connection error with its HTTP/2 error code, sent to the server in GOAWAY. */
final class H2Exception extends IOException {
    static final int PROTOCOL_ERROR = 0x1;
    static final int FLOW_CONTROL_ERROR = 0x3;
    static final int FRAME_SIZE_ERROR = 0x6;
    static final int COMPRESSION_ERROR = 0x9;

    final int code;

    H2Exception(int code, String message) {
        super(message);
        this.code = code;
    }
}

package dev.etcdj.cli.transport;

import io.grpc.Status;

/** The gRPC status of a stream the server reset, by HTTP/2 error code (as grpc-go maps them). */
final class RstCodes {
    private RstCodes() {}

    static Status status(int code) {
        Status.Code c = switch (code) {
            case 0x3, 0xb -> Status.Code.RESOURCE_EXHAUSTED; // FLOW_CONTROL_ERROR, ENHANCE_YOUR_CALM
            case 0x7 -> Status.Code.UNAVAILABLE; // REFUSED_STREAM
            case 0x8 -> Status.Code.CANCELLED;
            case 0xc -> Status.Code.PERMISSION_DENIED; // INADEQUATE_SECURITY
            default -> Status.Code.INTERNAL;
        };
        return c.toStatus().withDescription("stream terminated by RST_STREAM with error code: " + name(code));
    }

    private static String name(int code) {
        String[] names = {"NO_ERROR", "PROTOCOL_ERROR", "INTERNAL_ERROR", "FLOW_CONTROL_ERROR", "SETTINGS_TIMEOUT",
            "STREAM_CLOSED", "FRAME_SIZE_ERROR", "REFUSED_STREAM", "CANCEL", "COMPRESSION_ERROR", "CONNECT_ERROR",
            "ENHANCE_YOUR_CALM", "INADEQUATE_SECURITY", "HTTP_1_1_REQUIRED"};
        return code >= 0 && code < names.length ? names[code] : "unknown error code 0x" + Integer.toHexString(code);
    }
}

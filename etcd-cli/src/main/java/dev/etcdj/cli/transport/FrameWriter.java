package dev.etcdj.cli.transport;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Writes HTTP/2 frames; each call writes and flushes whole frames under the writer's lock. */
final class FrameWriter {
    static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final OutputStream out;
    private final byte[] header = new byte[9];

    FrameWriter(OutputStream out) {
        this.out = new BufferedOutputStream(out, 1 << 16);
    }

    synchronized void preface(byte[] settings) throws IOException {
        out.write(PREFACE);
        frame(Frame.SETTINGS, 0, 0, settings, 0, settings.length);
        out.flush();
    }

    /** A header block, split into HEADERS and CONTINUATION frames of at most maxFrame bytes. */
    synchronized void headers(int streamId, byte[] block, boolean endStream, int maxFrame) throws IOException {
        int off = 0;
        int type = Frame.HEADERS;
        do {
            int n = Math.min(maxFrame, block.length - off);
            boolean last = off + n == block.length;
            int flags = (last ? Frame.END_HEADERS : 0) | (endStream && type == Frame.HEADERS ? Frame.END_STREAM : 0);
            frame(type, flags, streamId, block, off, n);
            off += n;
            type = Frame.CONTINUATION;
        } while (off < block.length);
        out.flush();
    }

    synchronized void data(int streamId, byte[] data, int off, int len, boolean endStream) throws IOException {
        frame(Frame.DATA, endStream ? Frame.END_STREAM : 0, streamId, data, off, len);
        out.flush();
    }

    synchronized void control(int type, int flags, int streamId, byte[] payload) throws IOException {
        frame(type, flags, streamId, payload, 0, payload.length);
        out.flush();
    }

    void windowUpdate(int streamId, int increment) throws IOException {
        control(Frame.WINDOW_UPDATE, 0, streamId, int32(increment));
    }

    void rstStream(int streamId, int code) throws IOException {
        control(Frame.RST_STREAM, 0, streamId, int32(code));
    }

    static byte[] int32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private void frame(int type, int flags, int streamId, byte[] payload, int off, int len) throws IOException {
        header[0] = (byte) (len >>> 16);
        header[1] = (byte) (len >>> 8);
        header[2] = (byte) len;
        header[3] = (byte) type;
        header[4] = (byte) flags;
        header[5] = (byte) (streamId >>> 24);
        header[6] = (byte) (streamId >>> 16);
        header[7] = (byte) (streamId >>> 8);
        header[8] = (byte) streamId;
        out.write(header);
        out.write(payload, off, len);
    }
}

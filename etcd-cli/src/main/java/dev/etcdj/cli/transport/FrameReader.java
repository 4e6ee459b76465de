package dev.etcdj.cli.transport;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Reads HTTP/2 frames from the connection's input. */
final class FrameReader {
    /** The SETTINGS_MAX_FRAME_SIZE we leave at its default. */
    static final int MAX_FRAME_SIZE = 16384;

    private final InputStream in;
    private final byte[] header = new byte[9];

    FrameReader(InputStream in) {
        this.in = in;
    }

    Frame read() throws IOException {
        readFully(header);
        int length = (header[0] & 0xff) << 16 | (header[1] & 0xff) << 8 | (header[2] & 0xff);
        if (length > MAX_FRAME_SIZE) {
            throw new H2Exception(H2Exception.FRAME_SIZE_ERROR, "frame of " + length + " bytes");
        }
        int streamId = ((header[5] & 0x7f) << 24 | (header[6] & 0xff) << 16 | (header[7] & 0xff) << 8 | (header[8] & 0xff));
        byte[] payload = new byte[length];
        readFully(payload);
        return new Frame(header[3] & 0xff, header[4] & 0xff, streamId, payload);
    }

    private void readFully(byte[] b) throws IOException {
        int off = 0;
        while (off < b.length) {
            int n = in.read(b, off, b.length - off);
            if (n < 0) {
                throw new EOFException("EOF");
            }
            off += n;
        }
    }
}

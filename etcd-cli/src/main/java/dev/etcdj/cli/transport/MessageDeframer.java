package dev.etcdj.cli.transport;

import java.util.function.Consumer;

/** Splits a response's DATA bytes into gRPC messages (a flag byte, a 4-byte length, the message). */
final class MessageDeframer {
    private final byte[] header = new byte[5];
    private int headerFill;
    private byte[] message;
    private int messageFill;

    /** @throws IllegalStateException for a compressed message, which we never ask for */
    void feed(byte[] data, int off, int len, Consumer<byte[]> out) {
        int end = off + len;
        while (off < end) {
            if (message == null) {
                int n = Math.min(5 - headerFill, end - off);
                System.arraycopy(data, off, header, headerFill, n);
                headerFill += n;
                off += n;
                if (headerFill < 5) {
                    return;
                }
                if (header[0] != 0) {
                    throw new IllegalStateException("compressed message without grpc-encoding");
                }
                int length = (header[1] & 0xff) << 24 | (header[2] & 0xff) << 16 | (header[3] & 0xff) << 8 | (header[4] & 0xff);
                if (length < 0) {
                    throw new IllegalStateException("message too large");
                }
                message = new byte[length];
                messageFill = 0;
                headerFill = 0;
            }
            int n = Math.min(message.length - messageFill, end - off);
            System.arraycopy(data, off, message, messageFill, n);
            messageFill += n;
            off += n;
            if (messageFill == message.length) {
                byte[] m = message;
                message = null;
                out.accept(m);
            }
        }
    }
}

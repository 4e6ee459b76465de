package dev.etcdj.cli.transport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** HPACK encoding with literals that are never added to the tables: simple, and a request is only a few fields. */
final class HpackEncoder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    HpackEncoder add(String name, String value) {
        out.write(0x00); // literal without indexing, new name
        string(name.getBytes(StandardCharsets.ISO_8859_1));
        string(value.getBytes(StandardCharsets.ISO_8859_1));
        return this;
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private void string(byte[] s) {
        integer(s.length, 7);
        out.write(s, 0, s.length);
    }

    private void integer(int value, int prefix) {
        int max = (1 << prefix) - 1;
        if (value < max) {
            out.write(value);
            return;
        }
        out.write(max);
        value -= max;
        while (value >= 0x80) {
            out.write((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write(value);
    }
}

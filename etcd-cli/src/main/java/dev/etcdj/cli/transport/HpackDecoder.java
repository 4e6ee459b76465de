package dev.etcdj.cli.transport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** HPACK decoding (RFC 7541) with the static table, the dynamic table and Huffman-coded strings. */
final class HpackDecoder {
    /** One header field; names are lower case as HTTP/2 requires. */
    record Field(String name, String value) {}

    private static final int ENTRY_OVERHEAD = 32;

    /** Newest first. */
    private final ArrayDeque<Field> dynamic = new ArrayDeque<>();
    private int size;
    private int maxSize = 4096;
    private final int maxAllowed = 4096;

    private byte[] in;
    private int pos;
    private int end;

    List<Field> decode(byte[] block, int off, int len) throws HpackException {
        in = block;
        pos = off;
        end = off + len;
        List<Field> fields = new ArrayList<>();
        while (pos < end) {
            int b = in[pos] & 0xff;
            if ((b & 0x80) != 0) {
                fields.add(entry(integer(7)));
            } else if ((b & 0x40) != 0) {
                Field f = literal(6);
                add(f);
                fields.add(f);
            } else if ((b & 0x20) != 0) {
                int newMax = integer(5);
                if (newMax > maxAllowed) {
                    throw new HpackException("dynamic table size update too large: " + newMax);
                }
                maxSize = newMax;
                evict();
            } else {
                fields.add(literal(4));
            }
        }
        return fields;
    }

    private Field literal(int prefix) throws HpackException {
        int index = integer(prefix);
        String name = index == 0 ? string() : entry(index).name();
        return new Field(name, string());
    }

    private Field entry(int index) throws HpackException {
        if (index <= 0) {
            throw new HpackException("invalid header index 0");
        }
        if (index <= StaticTable.ENTRIES.length) {
            String[] e = StaticTable.ENTRIES[index - 1];
            return new Field(e[0], e[1]);
        }
        int i = index - StaticTable.ENTRIES.length - 1;
        if (i >= dynamic.size()) {
            throw new HpackException("invalid header index " + index);
        }
        var it = dynamic.iterator();
        for (int k = 0; k < i; k++) {
            it.next();
        }
        return it.next();
    }

    private void add(Field f) {
        dynamic.addFirst(f);
        size += entrySize(f);
        evict();
    }

    private void evict() {
        while (size > maxSize && !dynamic.isEmpty()) {
            size -= entrySize(dynamic.removeLast());
        }
    }

    private static int entrySize(Field f) {
        return f.name().length() + f.value().length() + ENTRY_OVERHEAD;
    }

    private int integer(int prefix) throws HpackException {
        int mask = (1 << prefix) - 1;
        int value = in[pos++] & mask;
        if (value < mask) {
            return value;
        }
        int shift = 0;
        while (true) {
            if (pos >= end || shift > 21) {
                throw new HpackException("invalid integer");
            }
            int b = in[pos++] & 0xff;
            value += (b & 0x7f) << shift;
            shift += 7;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
    }

    private String string() throws HpackException {
        if (pos >= end) {
            throw new HpackException("truncated string");
        }
        boolean huffman = (in[pos] & 0x80) != 0;
        int len = integer(7);
        if (len > end - pos) {
            throw new HpackException("truncated string");
        }
        byte[] bytes = huffman ? Huffman.decode(in, pos, len) : java.util.Arrays.copyOfRange(in, pos, pos + len);
        pos += len;
        // header values are octets; Latin-1 keeps each one as a char (gRPC's values are ASCII)
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}

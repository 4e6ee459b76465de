package dev.etcdj.cli.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class HpackDecoderTest {
    private static List<HpackDecoder.Field> decode(HpackDecoder d, String hex) throws HpackException {
        byte[] b = HexFormat.of().parseHex(hex.replace(" ", ""));
        return d.decode(b, 0, b.length);
    }

    private static HpackDecoder.Field f(String name, String value) {
        return new HpackDecoder.Field(name, value);
    }

    /** RFC 7541 C.4: requests with Huffman coding, sharing one dynamic table. */
    @Test
    void decodesRfcRequestsWithHuffmanAndTheDynamicTable() throws HpackException {
        HpackDecoder d = new HpackDecoder();
        assertEquals(List.of(f(":method", "GET"), f(":scheme", "http"), f(":path", "/"), f(":authority", "www.example.com")),
                decode(d, "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff"));
        assertEquals(List.of(f(":method", "GET"), f(":scheme", "http"), f(":path", "/"), f(":authority", "www.example.com"),
                f("cache-control", "no-cache")), decode(d, "8286 84be 5886 a8eb 1064 9cbf"));
        assertEquals(List.of(f(":method", "GET"), f(":scheme", "https"), f(":path", "/index.html"),
                f(":authority", "www.example.com"), f("custom-key", "custom-value")),
                decode(d, "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf"));
    }

    /** RFC 7541 C.2.2 and C.2.3: literals without indexing and never indexed. */
    @Test
    void decodesLiteralsThatAreNotIndexed() throws HpackException {
        HpackDecoder d = new HpackDecoder();
        assertEquals(List.of(f(":path", "/sample/path")), decode(d, "040c 2f73 616d 706c 652f 7061 7468"));
        assertEquals(List.of(f("password", "secret")), decode(d, "1008 7061 7373 776f 7264 0673 6563 7265 74"));
        assertThrows(HpackException.class, () -> decode(d, "be"), "nothing was added to the dynamic table");
    }

    @Test
    void evictsWhenTheTableShrinks() throws HpackException {
        HpackDecoder d = new HpackDecoder();
        decode(d, "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572");
        assertEquals(List.of(f("custom-key", "custom-header")), decode(d, "be"));
        decode(d, "20"); // table size 0
        assertThrows(HpackException.class, () -> decode(d, "be"));
    }

    @Test
    void rejectsBadHuffmanPadding() {
        // "0" is 00000; padding must be ones
        assertThrows(HpackException.class, () -> decode(new HpackDecoder(), "00 01 61 81 00"));
    }

    @Test
    void readsWhatTheEncoderWrites() throws HpackException {
        byte[] b = new HpackEncoder().add("token", "x".repeat(300)).add(":path", "/etcdserverpb.KV/Put").toByteArray();
        assertEquals(List.of(f("token", "x".repeat(300)), f(":path", "/etcdserverpb.KV/Put")),
                new HpackDecoder().decode(b, 0, b.length));
    }
}

package dev.etcdj.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YamlLiteTest {

    private static YamlLite.Scalar plain(String s) { return new YamlLite.Scalar(s, false); }

    private static YamlLite.Scalar quoted(String s) { return new YamlLite.Scalar(s, true); }

    @Test
    void mappingsSequencesAndScalars() throws Exception {
        Map<String, Object> m = YamlLite.parse("""
                ---
                # comment
                a: 1
                b: 'it''s # not a comment'
                c: "tab\\tand \\"quote\\""  # comment
                d:
                e: [x, 'y', "z"]
                f:
                  g: true
                  h:
                    i: deep
                j:
                - one
                -   two
                k:
                  - three
                url: http://host:2379,http://other:2379
                """);
        assertEquals(plain("1"), m.get("a"));
        assertEquals(quoted("it's # not a comment"), m.get("b"));
        assertEquals(quoted("tab\tand \"quote\""), m.get("c"));
        assertNull(m.get("d"));
        assertEquals(List.of(plain("x"), quoted("y"), quoted("z")), m.get("e"));
        assertEquals(Map.of("g", plain("true"), "h", Map.of("i", plain("deep"))), m.get("f"));
        assertEquals(List.of(plain("one"), plain("two")), m.get("j"));
        assertEquals(List.of(plain("three")), m.get("k"));
        assertEquals(plain("http://host:2379,http://other:2379"), m.get("url"));
    }

    @Test
    void scalarTyping() {
        assertEquals(Boolean.TRUE, plain("yes").asBool());
        assertEquals(Boolean.FALSE, plain("off").asBool());
        assertNull(quoted("true").asBool());
        assertEquals(new BigDecimal(16), plain("0x10").asNumber());
        assertEquals(new BigDecimal(8), plain("010").asNumber());
        assertEquals(0, new BigDecimal("100").compareTo(plain("1e2").asNumber()));
        assertNull(plain("5s").asNumber());
        assertNull(quoted("5").asNumber());
        assertEquals(true, plain("~").isNull());
        assertEquals(false, quoted("").isNull());
    }

    @Test
    void errors() {
        assertEquals("yaml: line 2: mapping values are not allowed in this context",
                assertThrows(YamlLite.YamlException.class, () -> YamlLite.parse("a: 1\n  b: 2\n")).getMessage());
        assertThrows(YamlLite.YamlException.class, () -> YamlLite.parse("a: 1\na: 2\n"));
        assertThrows(YamlLite.YamlException.class, () -> YamlLite.parse("a: \"unterminated\n"));
        assertThrows(YamlLite.YamlException.class, () -> YamlLite.parse("just a scalar\n"));
        assertThrows(YamlLite.YamlException.class, () -> YamlLite.parse("a: &anchor 1\n"));
    }
}

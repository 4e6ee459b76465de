package dev.etcdj.cli.etcdctl;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GoFmtTest {
    @Test
    void duration() {
        assertEquals("0s", GoFmt.duration(0));
        assertEquals("999ns", GoFmt.duration(999));
        assertEquals("1.5\u00b5s", GoFmt.duration(1500));
        assertEquals("1.188698ms", GoFmt.duration(1_188_698));
        assertEquals("2s", GoFmt.duration(2_000_000_000L));
        assertEquals("1m30s", GoFmt.duration(90_000_000_000L));
        assertEquals("1h0m0.5s", GoFmt.duration(3_600_500_000_000L));
        assertEquals(2_000_000_000L, GoFmt.parseDuration("2s"));
        assertEquals(90_000_000_000L, GoFmt.parseDuration("1m30s"));
        assertEquals(1_500_000L, GoFmt.parseDuration("1.5ms"));
    }

    @Test
    void quote() {
        assertEquals("\"a\\tb\\\"c\\x01\"", GoFmt.quote("a\tb\"c\u0001"));
        assertEquals("\"\u00e9\u4e16\"", GoFmt.quote("\u00e9\u4e16"));
        assertEquals("\"\\xff\"", GoFmt.quote(new byte[] {(byte) 0xff}));
    }

    @Test
    void humanBytes() {
        assertEquals("20 kB", GoFmt.humanBytes(20480));
        assertEquals("2.1 MB", GoFmt.humanBytes(2052096));
        assertEquals("9 B", GoFmt.humanBytes(9));
        assertEquals("25 kB", GoFmt.humanBytes(24576));
    }

    @Test
    void json() {
        StringBuilder sb = new StringBuilder();
        GoFmt.jsonString(sb, "<a&b>\u2028\"".getBytes(StandardCharsets.UTF_8));
        assertEquals("\"\\u003ca\\u0026b\\u003e\\u2028\\\"\"", sb.toString());
    }
}

package dev.etcdj.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class GoSyntaxTest {

    @Test
    void durations() throws Exception {
        assertEquals(0, GoSyntax.parseDuration("0"));
        assertEquals(5_000_000_000L, GoSyntax.parseDuration("5s"));
        assertEquals(5_400_000_000_000L, GoSyntax.parseDuration("1h30m"));
        assertEquals(1_500_000_000L, GoSyntax.parseDuration("1.5s"));
        assertEquals(500_000_000L, GoSyntax.parseDuration(".5s"));
        assertEquals(1_000L, GoSyntax.parseDuration("1us"));
        assertEquals(1_000L, GoSyntax.parseDuration("1\u00b5s"));
        assertEquals(-2_000_000L, GoSyntax.parseDuration("-2ms"));
        assertEquals(1_002_003L, GoSyntax.parseDuration("1ms2us3ns"));
        for (String bad : new String[] {"", "5", "1.5", "s", "1d", "-", ".s", "1h-1m"}) {
            assertThrows(GoSyntax.BadValue.class, () -> GoSyntax.parseDuration(bad), bad);
        }
    }

    @Test
    void durationFormattingMatchesGo() {
        assertEquals("0s", GoSyntax.formatDuration(0));
        assertEquals("100ms", GoSyntax.formatDuration(100_000_000L));
        assertEquals("1.5s", GoSyntax.formatDuration(1_500_000_000L));
        assertEquals("1m30s", GoSyntax.formatDuration(90_000_000_000L));
        assertEquals("2h0m0s", GoSyntax.formatDuration(7_200_000_000_000L));
        assertEquals("1\u00b5s", GoSyntax.formatDuration(1_000L));
        assertEquals("999ns", GoSyntax.formatDuration(999L));
        assertEquals("-5s", GoSyntax.formatDuration(-5_000_000_000L));
    }

    @Test
    void integers() throws Exception {
        assertEquals(BigInteger.valueOf(255), GoSyntax.parseInteger("0xff", false, 64));
        assertEquals(BigInteger.valueOf(255), GoSyntax.parseInteger("0XFF", false, 64));
        assertEquals(BigInteger.valueOf(-7), GoSyntax.parseInteger("-7", true, 64));
        assertEquals(BigInteger.ZERO, GoSyntax.parseInteger("0", false, 64));
        assertEquals("parse error", assertThrows(GoSyntax.BadValue.class, () -> GoSyntax.parseInteger("-7", false, 64)).getMessage());
        assertEquals("parse error", assertThrows(GoSyntax.BadValue.class, () -> GoSyntax.parseInteger("0x", false, 64)).getMessage());
        assertEquals("parse error", assertThrows(GoSyntax.BadValue.class, () -> GoSyntax.parseInteger("1__0", false, 64)).getMessage());
        assertEquals("value out of range",
                assertThrows(GoSyntax.BadValue.class, () -> GoSyntax.parseInteger("9223372036854775808", true, 64)).getMessage());
        assertEquals(new BigInteger("18446744073709551615"), GoSyntax.parseInteger("18446744073709551615", false, 64));
    }

    @Test
    void booleans() throws Exception {
        for (String t : new String[] {"1", "t", "T", "true", "TRUE", "True"}) assertTrue(GoSyntax.parseBool(t));
        for (String f : new String[] {"0", "f", "F", "false", "FALSE", "False"}) assertFalse(GoSyntax.parseBool(f));
        for (String bad : new String[] {"yes", "on", "tRuE", ""}) assertThrows(GoSyntax.BadValue.class, () -> GoSyntax.parseBool(bad));
    }

    @Test
    void ipLiterals() {
        assertTrue(GoSyntax.isIpLiteral("0.0.0.0"));
        assertTrue(GoSyntax.isIpLiteral("10.1.2.3"));
        assertTrue(GoSyntax.isIpLiteral("::1"));
        assertTrue(GoSyntax.isIpLiteral("fe80::1"));
        assertFalse(GoSyntax.isIpLiteral("256.1.1.1"));
        assertFalse(GoSyntax.isIpLiteral("example.com"));
        assertFalse(GoSyntax.isIpLiteral("1.2.3"));
    }
}

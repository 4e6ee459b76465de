package dev.etcdj.cli.etcdctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What lock and elect need before the whole command line is read: the command, past global flags and their values. */
class FlagParserTest {
    @Test
    void theTopCommandSkipsGlobalFlagsAndTheirValues() {
        assertEquals("lock", FlagParser.topCommand(List.of("--endpoints", "http://localhost:20000", "--dial-timeout=7s", "lock", "a")));
        assertEquals("elect", FlagParser.topCommand(List.of("--debug", "-w", "json", "elect", "e", "p1")));
        assertEquals("put", FlagParser.topCommand(List.of("put", "lock", "v")));
        assertEquals("lock", FlagParser.topCommand(List.of("--user", "root:root", "--insecure-transport", "lo", "x")));
        assertNull(FlagParser.topCommand(List.of("--endpoints", "lock")));
        assertNull(FlagParser.topCommand(List.of("bogus", "lock")));
    }
}

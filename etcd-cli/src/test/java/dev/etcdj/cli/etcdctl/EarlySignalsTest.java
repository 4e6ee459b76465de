package dev.etcdj.cli.etcdctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class EarlySignalsTest {
    @Test
    void theCommandWordSkipsGlobalFlagsAndTheirValues() {
        assertEquals("lock", EarlySignals.commandOf(new String[] {"--endpoints", "http://localhost:20000", "--dial-timeout=7s", "lock", "a"}));
        assertEquals("elect", EarlySignals.commandOf(new String[] {"--debug", "-w", "json", "elect", "e", "p1"}));
        assertEquals("put", EarlySignals.commandOf(new String[] {"put", "lock", "v"}));
        assertEquals("lock", EarlySignals.commandOf(new String[] {"--user", "root:root", "--insecure-transport", "lock", "x"}));
        assertNull(EarlySignals.commandOf(new String[] {"--endpoints", "lock"}));
    }
}

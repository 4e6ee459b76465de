package dev.etcdj.cli.etcdutl;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EtcdutlMainTest {
    @Test
    void version() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = EtcdutlMain.run(new String[] {"version"}, new ByteArrayInputStream(new byte[0]), new PrintStream(out),
                new PrintStream(err));
        assertEquals(0, rc);
        assertEquals("etcdutl version: 3.4.23\nAPI version: 3.4\n", out.toString(StandardCharsets.UTF_8));
        rc = EtcdutlMain.run(new String[] {"bogus"}, new ByteArrayInputStream(new byte[0]), new PrintStream(out),
                new PrintStream(err));
        assertEquals(1, rc);
    }
}

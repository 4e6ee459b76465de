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

    private static int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        return EtcdutlMain.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true),
                new PrintStream(err, true));
    }

    @Test
    void snapshotErrorsAsEtcd() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(1, run(out, err, "snapshot", "status", "/nonexistent/x.db", "-w", "json"));
        assertEquals("Error: stat /nonexistent/x.db: no such file or directory\n", err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(1, run(out, err, "snapshot", "restore"));
        assertEquals("Error: snapshot restore requires exactly one argument\n", err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(1, run(out, err, "snapshot", "restore", "x.db", "--name", "other"));
        assertEquals("Error: couldn't find local name \"other\" in the initial cluster configuration\n", err.toString(StandardCharsets.UTF_8));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }
}

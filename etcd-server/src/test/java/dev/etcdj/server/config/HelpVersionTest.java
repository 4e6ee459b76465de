package dev.etcdj.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HelpVersionTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = HelpVersionTest.class.getResourceAsStream("/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void helpIsByteForByteEtcds() throws IOException {
        // help.out / help.err were captured from `/usr/bin/etcd --help` (etcd 3.4.23)
        for (String flag : new String[] {"--help", "-h", "-help", "--h", "--help=x"}) {
            LoadResult.Exit e = assertInstanceOf(LoadResult.Exit.class, ConfigLoader.load(new String[] {flag}, Map.of()));
            assertEquals(0, e.code());
            assertEquals(resource("help.out"), e.stdout(), flag);
            assertEquals(resource("help.err"), e.stderr(), flag);
        }
        // help wins over later problems, as Go's flag package stops at -h
        LoadResult.Exit e = assertInstanceOf(LoadResult.Exit.class,
                ConfigLoader.load(new String[] {"--name", "x", "--help", "--bogus"}, Map.of()));
        assertEquals(0, e.code());
    }

    @Test
    void helpListsEveryGroup() {
        for (String group : new String[] {"Member:", "Clustering:", "Security:", "Auth:", "Profiling and Monitoring:",
                "Logging:", "v2 Proxy (to be deprecated in v4):", "Experimental feature:", "Unsafe feature:", "TO BE DEPRECATED:"}) {
            assertTrue(HelpText.FLAGS.contains("\n" + group + "\n"), group);
        }
    }

    @Test
    void version() {
        for (String flag : new String[] {"--version", "-version", "--version=true"}) {
            LoadResult.Exit e = assertInstanceOf(LoadResult.Exit.class, ConfigLoader.load(new String[] {flag}, Map.of()));
            assertEquals(0, e.code());
            assertEquals("", e.stderr());
            String[] lines = e.stdout().split("\n");
            assertEquals("etcd Version: 3.4.23", lines[0]);
            assertEquals("Git SHA: etcdj", lines[1]);
            assertTrue(lines[2].startsWith("Go Version: Java "), lines[2]);
            assertTrue(lines[3].matches("Go OS/Arch: [a-z0-9]+/[a-z0-9_]+"), lines[3]);
            assertTrue(lines[4].startsWith("API Version: 3.4"), lines[4]);
        }
        // --version=false runs normally; version is checked after the positional-argument check
        assertInstanceOf(LoadResult.Run.class, ConfigLoader.load(new String[] {"--version=false"}, Map.of()));
        assertInstanceOf(LoadResult.Exit.class, ConfigLoader.load(new String[] {"--version", "x"}, Map.of()));
    }
}

package dev.etcdj.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefaultHostTest {

    private static LoadResult.Run load(String defaultHost, String... args) {
        return assertInstanceOf(LoadResult.Run.class, ConfigLoader.load(args, Map.of(), defaultHost));
    }

    @Test
    void wildcardListenWithDefaultAdvertiseUsesTheDefaultHost() {
        LoadResult.Run r = load("10.1.2.3", "--name", "n1", "--listen-peer-urls", "http://0.0.0.0:12380",
                "--listen-client-urls", "http://0.0.0.0:12379", "--advertise-client-urls", "http://localhost:2379");
        ServerConfig c = r.config();
        assertEquals(List.of(URI.create("http://10.1.2.3:12380")), c.initialAdvertisePeerUrls());
        assertEquals(List.of(URI.create("http://10.1.2.3:12379")), c.advertiseClientUrls());
        assertEquals("n1=http://10.1.2.3:12380", c.initialCluster());
        assertTrue(r.warnings().contains("advertising using detected default host \"10.1.2.3\""));
    }

    @Test
    void explicitAdvertiseUrlsAndSpecificListenAddressesAreKept() {
        ServerConfig c = load("10.1.2.3", "--listen-peer-urls", "http://0.0.0.0:2380",
                "--initial-advertise-peer-urls", "http://127.0.0.1:2380").config();
        assertEquals(List.of(URI.create("http://127.0.0.1:2380")), c.initialAdvertisePeerUrls());
        c = load("10.1.2.3").config();
        assertEquals(List.of(URI.create("http://localhost:2380")), c.initialAdvertisePeerUrls());
        c = load(null, "--listen-peer-urls", "http://0.0.0.0:2380").config();
        assertEquals(List.of(URI.create("http://localhost:2380")), c.initialAdvertisePeerUrls());
    }
}

package dev.etcdj.cli.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** etcdctl's endpoint forms, as clientv3 parses them. */
class EndpointTest {
    @Test
    void tcp() {
        Endpoint plain = Endpoint.parse("127.0.0.1:2379", false);
        assertEquals("127.0.0.1", plain.host());
        assertEquals(2379, plain.port());
        assertFalse(plain.secure());
        Endpoint tls = Endpoint.parse("https://[::1]:2379/ignored", false);
        assertEquals("::1", tls.host());
        assertTrue(tls.secure());
        assertEquals(443, Endpoint.parse("https://etcd.example", false).port());
    }

    @Test
    void unixSockets() {
        Endpoint unix = Endpoint.parse("unix://localhost:2379", true);
        assertTrue(unix.isUnix());
        assertFalse(unix.secure());
        assertEquals("localhost:2379", unix.unixPath());
        assertNull(unix.host());
        Endpoint unixs = Endpoint.parse("unixs://localhost:2379", false);
        assertTrue(unixs.secure());
        assertEquals("localhost:2379", unixs.unixPath());
        assertEquals("localhost", unixs.host(), "the name the server's certificate must hold");
        assertEquals("unixs://localhost:2379", unixs.toString());
        assertEquals("/run/etcd.sock", Endpoint.parse("unixs:///run/etcd.sock", false).host());
    }
}

package dev.etcdj.cli.etcdctl;

import dev.etcdj.cli.RealEtcd;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.etcdj.cli.etcdctl.Ctl.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** auth, user and role against the real etcdctl. */
class AuthDiffTest {

    @Test
    void usersRolesAuth() throws Exception {
        Ctl.replay(List.of(
                step("user", "add", "root", "--new-user-password=rootpw"),
                step("user", "add", "alice:alicepw"),
                step("user", "add", "bob", "--no-password", "-w", "json"),
                step("user", "add", "carol", "--interactive=false").stdin("carolpw\n"),
                step("user", "add"),
                step("user", "add", ":pw"),
                step("user", "add", "alice:x"),
                step("user", "list"),
                step("user", "list", "-w", "json"),
                step("user", "list", "-w", "fields"),
                step("user", "get", "alice"),
                step("user", "get", "alice", "-w", "json"),
                step("user", "get", "nobody"),
                step("role", "add", "r1"),
                step("role", "add", "r1"),
                step("role", "add", "r2", "-w", "fields"),
                step("role", "list"),
                step("role", "list", "-w", "fields"),
                step("role", "list", "-w", "json"),
                step("role", "grant-permission", "r1", "readwrite", "a", "b"),
                step("role", "grant-permission", "r1", "read", "--prefix", "p/"),
                step("role", "grant-permission", "r1", "write", "--from-key", "z"),
                step("role", "grant-permission", "r1", "READ", "single"),
                step("role", "grant-permission", "r1", "bogus", "k"),
                step("role", "grant-permission", "r1", "read", "a", "b", "--prefix"),
                step("role", "grant-permission", "r1"),
                step("role", "get", "r1"),
                step("role", "get", "r1", "-w", "json"),
                step("role", "get", "r1", "-w", "fields"),
                step("role", "get", "nosuch"),
                step("user", "grant-role", "alice", "r1"),
                step("user", "grant-role", "alice", "r2", "-w", "json"),
                step("user", "grant-role", "alice", "nosuch"),
                step("user", "get", "alice"),
                step("user", "get", "alice", "--detail"),
                step("user", "revoke-role", "alice", "r2"),
                step("user", "revoke-role", "alice", "r2"),
                step("role", "revoke-permission", "r1", "a", "b"),
                step("role", "revoke-permission", "r1", "p/", "--prefix"),
                step("role", "revoke-permission", "r1", "z", "--from-key", "-w", "fields"),
                step("role", "revoke-permission", "r1", "nokey"),
                step("role", "get", "r1"),
                step("user", "passwd", "alice", "--interactive=false").stdin("newpw\n"),
                step("role", "delete", "r2"),
                step("user", "delete", "bob"),
                step("user", "delete", "bob"),
                step("auth", "enable", "extra"),
                step("auth", "enable"),
                step("--user=alice:newpw", "get", "a"),
                step("--user=alice:alicepw", "get", "a"),
                step("--user=root:rootpw", "role", "list"),
                step("--user=root:rootpw", "auth", "disable"),
                step("auth", "disable"),
                step("role", "list")));
    }

    /**
     * A JWT that expires while a command runs: the unlock after the locked command is refused with "invalid
     * auth token", and etcdctl fetches a new token and unlocks, as Go's etcdctl does. Without --user there is
     * nothing to renew: the refusal is final.
     */
    @Test
    void expiredTokenIsRenewed(@TempDir Path dir) throws Exception {
        KeyPair kp = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        Path priv = pem(dir.resolve("jwt.key"), "PRIVATE KEY", kp.getPrivate().getEncoded());
        Path pub = pem(dir.resolve("jwt.pub"), "PUBLIC KEY", kp.getPublic().getEncoded());
        try (RealEtcd etcd = new RealEtcd()) {
            etcd.start("--auth-token=jwt,pub-key=" + pub + ",priv-key=" + priv + ",sign-method=RS256,ttl=1s");
            String ep = "--endpoints=" + etcd.endpoint();
            assertEquals(0, Ctl.ours(new String[] {ep, "user", "add", "root:rootpw"}, "", Map.of()).rc());
            assertEquals(0, Ctl.ours(new String[] {ep, "auth", "enable"}, "", Map.of()).rc());
            // no user: "user name is empty" is not retried without credentials
            String[] anonymous = {ep, "get", "a"};
            Ctl.Result realAnonymous = Ctl.real(anonymous, "", Map.of());
            Ctl.Result ourAnonymous = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Ctl.ours(anonymous, "", Map.of()));
            assertEquals(realAnonymous.rc(), ourAnonymous.rc(), ourAnonymous.toString());
            assertTrue(ourAnonymous.err().endsWith("Error: etcdserver: user name is empty\n"), ourAnonymous.toString());
            for (boolean real : new boolean[] {true, false}) {
                String[] lock = {ep, "--user=root:rootpw", "lock", "expiring", "sleep", "2"};
                Ctl.Result r = real ? Ctl.real(lock, "", Map.of()) : Ctl.ours(lock, "", Map.of());
                assertEquals(0, r.rc(), (real ? "real: " : "ours: ") + r);
                Ctl.Result left = Ctl.ours(new String[] {ep, "--user=root:rootpw", "get", "expiring", "--prefix", "--keys-only"},
                        "", Map.of());
                assertEquals("", left.out(), "the lock was released: " + left);
            }
        }
    }

    private static Path pem(Path file, String type, byte[] der) throws Exception {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
    }
}

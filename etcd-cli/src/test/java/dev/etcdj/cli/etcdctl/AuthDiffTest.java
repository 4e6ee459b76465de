package dev.etcdj.cli.etcdctl;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.etcdj.cli.etcdctl.Ctl.step;

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
}

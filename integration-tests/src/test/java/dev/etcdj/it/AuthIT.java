package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Authentication and RBAC end to end with Debian's etcdctl: the same session (users, roles,
 * permissions, auth enable, allowed and denied operations as several users, auth disable) run
 * against real etcd and ours prints the same, byte for byte; then ours keeps users, roles and
 * the enabled flag across a restart.
 */
class AuthIT extends RealAndOursTest {
  private static final String ROOT = "--user=root:rootpw";
  private static final String ALICE = "--user=alice:alicepw";

  /** Each step: stdin (or null) and etcdctl arguments. */
  private record Step(String stdin, List<String> args) {}

  private static Step step(String... args) {
    return new Step(null, List.of(args));
  }

  private static Step input(String stdin, String... args) {
    return new Step(stdin, List.of(args));
  }

  static final List<Step> SESSION = List.of(
      step("auth", "enable"),
      input("rootpw\n", "user", "add", "root", "--interactive=false"),
      step("auth", "enable"),
      step("user", "grant-role", "root", "root"),
      step("auth", "enable"),
      step("put", "foo", "x"),
      step(ROOT, "put", "foo", "bar"),
      input("alicepw\n", ROOT, "user", "add", "alice", "--interactive=false"),
      step(ROOT, "role", "add", "reader"),
      step(ROOT, "role", "add", "reader"),
      step(ROOT, "role", "grant-permission", "reader", "read", "foo"),
      step(ROOT, "role", "grant-permission", "reader", "readwrite", "/app/", "--prefix"),
      step(ROOT, "role", "grant-permission", "reader", "write", "z", "--from-key"),
      step(ROOT, "user", "grant-role", "alice", "reader"),
      step(ROOT, "user", "grant-role", "alice", "nobody"),
      step(ROOT, "role", "get", "reader"),
      step(ROOT, "user", "get", "alice"),
      step(ROOT, "user", "list"),
      step(ROOT, "role", "list"),
      step(ALICE, "get", "foo"),
      step(ALICE, "put", "foo", "y"),
      step(ALICE, "put", "/app/a", "1"),
      step(ALICE, "get", "/app/", "--prefix"),
      step(ALICE, "put", "zz", "1"),
      step(ALICE, "get", "zz"),
      step(ALICE, "del", "/app/", "--prefix"),
      input("value(\"foo\") = \"bar\"\n\nget foo\n\nget /app/a\n\n", ALICE, "txn", "--interactive=false"),
      step(ALICE, "user", "get", "alice"),
      step(ALICE, "user", "get", "root"),
      step(ALICE, "role", "get", "reader"),
      step(ALICE, "role", "get", "root"),
      step(ALICE, "user", "list"),
      step(ALICE, "defrag"),
      step("--user=alice:wrong", "get", "foo"),
      step("--user=nobody:pw", "get", "foo"),
      step(ROOT, "role", "revoke-permission", "reader", "foo"),
      step(ROOT, "role", "revoke-permission", "reader", "foo"),
      step(ALICE, "get", "foo"),
      step(ROOT, "user", "revoke-role", "root", "root"),
      step(ROOT, "role", "delete", "root"),
      step(ROOT, "user", "delete", "root"),
      input("newpw\n", ROOT, "user", "passwd", "alice", "--interactive=false"),
      step(ALICE, "get", "/app/x"),
      step("--user=alice:newpw", "get", "/app/x"),
      step(ROOT, "role", "delete", "reader"),
      step(ROOT, "user", "get", "alice"),
      step(ROOT, "user", "delete", "alice"),
      step(ROOT, "auth", "disable"),
      step("put", "foo", "free"),
      step("get", "foo"));

  private static List<String> run(ServerProcess server) {
    List<String> out = new ArrayList<>();
    for (Step s : SESSION) {
      Etcdctl.Result r = Etcdctl.runWithInput(server.url(), s.stdin(), s.args().toArray(String[]::new));
      out.add(String.join(" ", s.args()) + " -> exit " + r.exitCode() + "\n" + (r.stdout() + errors(r.stderr())).replace(server.url(), "{endpoint}"));
    }
    return out;
  }

  /** What etcdctl prints on stderr, less the client's JSON retry logs (timestamps, client IDs). */
  private static String errors(String stderr) {
    return stderr.lines().filter(l -> !l.startsWith("{\"level\"")).reduce("", (a, b) -> a + b + "\n");
  }

  @Test
  void sessionPrintsWhatRealEtcdPrints() {
    List<String> expected = run(real);
    List<String> actual = run(ours);
    for (int i = 0; i < SESSION.size(); i++) {
      assertEquals(expected.get(i), actual.get(i), "step " + i);
    }
    assertTrue(expected.get(20).contains("permission denied"), expected.get(20));
  }

  @Test
  void authStateSurvivesRestart() {
    ServerProcess server = ServerProcess.startOurs(tmp.resolve("restart"));
    try {
      Etcdctl.runWithInput(server.url(), "pw\n", "user", "add", "root", "--interactive=false");
      Etcdctl.run(server.url(), "user", "grant-role", "root", "root");
      Etcdctl.run(server.url(), "--user=root:pw", "role", "add", "r");
      assertEquals("Authentication Enabled", Etcdctl.run(server.url(), "auth", "enable").stdout().strip());
    } finally {
      server.close();
    }
    ServerProcess again = ServerProcess.startOurs(tmp.resolve("restart"));
    try {
      assertTrue(Etcdctl.run(again.url(), "get", "k").stderr().contains("etcdserver: user name is empty"));
      Etcdctl.Result roles = Etcdctl.run(again.url(), "--user=root:pw", "role", "list");
      assertEquals("r\n", roles.stdout(), roles.stderr());
    } finally {
      again.close();
    }
  }
}

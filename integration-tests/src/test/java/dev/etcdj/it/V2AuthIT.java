package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * etcd's v2 auth ({@code --enable-v2}) side by side on Debian's real etcd and ours: the same
 * {@code ETCDCTL_API=2 etcdctl} user, role and auth commands, then reads and writes with and
 * without {@code --username}, and raw {@code /v2/auth} requests, must answer alike.
 */
class V2AuthIT {
  @TempDir
  Path tmp;
  private ServerProcess ours;
  private ServerProcess real;

  @BeforeEach
  void startBoth() {
    assumeTrue(Etcdctl.installed() && ServerProcess.realEtcdInstalled(),
        "needs Debian's etcd-server and etcd-client (apt-get install etcd-server etcd-client)");
    ours = ServerProcess.startOurs(tmp.resolve("ours"), "--enable-v2");
    real = ServerProcess.start(ServerProcess.realEtcd(), tmp.resolve("real"), ServerProcess.freePort(),
        ServerProcess.freePort(), "--enable-v2");
  }

  @AfterEach
  void stopBoth() {
    if (ours != null) {
      ours.close();
    }
    if (real != null) {
      real.close();
    }
  }

  /** One etcdctl step on both servers: exit code and output must match, then must be what is given. */
  private void same(String expectedStdout, int expectedExit, String... args) throws Exception {
    V2KeysIT.Ctl theirs = V2KeysIT.etcdctl2(real.url(), args);
    V2KeysIT.Ctl mine = V2KeysIT.etcdctl2(ours.url(), args);
    String step = String.join(" ", args);
    assertEquals(normalized(theirs.stdout(), real), normalized(mine.stdout(), ours), "stdout of " + step);
    assertEquals(normalized(theirs.stderr(), real), normalized(mine.stderr(), ours), "stderr of " + step);
    assertEquals(theirs.exitCode(), mine.exitCode(), "exit code of " + step);
    assertEquals(expectedExit, mine.exitCode(), "exit code of " + step + ": " + mine.stderr());
    if (expectedStdout != null) {
      assertEquals(expectedStdout, mine.stdout(), step);
    }
  }

  private static String normalized(String out, ServerProcess server) {
    return out.replace(server.url(), "URL");
  }

  @Test
  void etcdctlUserRoleAndAuthCommandsAnswerLikeEtcd() throws Exception {
    same("Role foo created\n", 0, "role", "add", "foo");
    same("Role foo updated\n", 0, "role", "grant", "--read", "--path=/foo/*", "foo");
    same("", 1, "role", "grant", "--readwrite", "--path=/foo/*", "foo");
    same("Role: foo\nKV Read:\n\t/foo/*\nKV Write:\n", 0, "role", "get", "foo");
    same("", 1, "role", "add", "root");
    same("User root created\n", 0, "user", "add", "root:rootpw");
    same("User alice created\n", 0, "user", "add", "alice:alicepw");
    same("User alice created\n", 0, "user", "add", "alice:changed");
    same("User alice updated\n", 0, "user", "grant", "--roles", "foo", "alice");
    same("", 1, "user", "grant", "--roles", "foo", "alice");
    same("User: alice\nRoles:  foo\n", 0, "user", "get", "alice");
    same("alice\nroot\n", 0, "user", "list");
    same("foo\nroot\n", 0, "role", "list");
    same("1\n", 0, "set", "/foo/a", "1");

    same("Authentication Enabled\n", 0, "auth", "enable");
    same("", 1, "auth", "enable");
    same("1\n", 0, "get", "/foo/a");
    same("Role guest updated\n", 0, "--username", "root:rootpw", "role", "revoke", "--readwrite", "--path=/*",
        "guest");
    same("", 4, "get", "/foo/a");
    same("1\n", 0, "--username", "alice:changed", "get", "/foo/a");
    same("", 4, "--username", "alice:alicepw", "get", "/foo/a");
    same("", 4, "--username", "alice:changed", "set", "/foo/b", "2");
    same("2\n", 0, "--username", "root:rootpw", "set", "/foo/b", "2");
    same("", 1, "--username", "alice:changed", "user", "list");
    same("", 1, "--username", "root:rootpw", "user", "remove", "root");
    same("Role: guest\nKV Read:\nKV Write:\n", 0, "--username", "root:rootpw", "role", "get", "guest");
    same("User alice updated\n", 0, "--username", "root:rootpw", "user", "revoke", "--roles", "foo", "alice");
    same("", 1, "--username", "root:rootpw", "user", "revoke", "--roles", "foo", "alice");
    same("Role foo removed\n", 0, "--username", "root:rootpw", "role", "remove", "foo");
    same("", 1, "--username", "root:rootpw", "role", "remove", "foo");
    same("User alice removed\n", 0, "--username", "root:rootpw", "user", "remove", "alice");
    same("Authentication Disabled\n", 0, "--username", "root:rootpw", "auth", "disable");
    same("", 1, "auth", "disable");
    same("2\n", 0, "get", "/foo/b");
  }

  /** A raw request on both servers: status and body must match; returns ours. */
  private HttpResponse<String> sameHttp(String method, String path, String body, String user) throws Exception {
    HttpResponse<String> theirs = request(real, method, path, body, user);
    HttpResponse<String> mine = request(ours, method, path, body, user);
    String step = method + " " + path + " " + body;
    assertEquals(theirs.statusCode(), mine.statusCode(), step + ": " + mine.body());
    assertEquals(theirs.body(), mine.body(), step);
    assertEquals(theirs.headers().firstValue("Content-Type"), mine.headers().firstValue("Content-Type"), step);
    return mine;
  }

  private static HttpResponse<String> request(ServerProcess server, String method, String path, String body,
      String user) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (user != null) {
      b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8)));
    }
    return V2KeysIT.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theAuthApiAnswersRequestsLikeEtcd() throws Exception {
    List<HttpResponse<String>> mine = new ArrayList<>();
    mine.add(sameHttp("GET", "/v2/auth/enable", null, null));
    mine.add(sameHttp("GET", "/v2/auth/users", null, null));
    mine.add(sameHttp("GET", "/v2/auth/roles", null, null));
    mine.add(sameHttp("PUT", "/v2/auth/users/foo", "{\"user\":\"foo\", \"password\":\"pass\"}", null));
    mine.add(sameHttp("PUT", "/v2/auth/users/foo", "{\"user\":\"foo\"}", null));
    mine.add(sameHttp("PUT", "/v2/auth/users/bar", "{\"user\":\"foo\"}", null));
    mine.add(sameHttp("PUT", "/v2/auth/users/bar", "not json", null));
    mine.add(sameHttp("PUT", "/v2/auth/users/bar", "{\"user\":\"bar\",\"roles\":[\"x\"],\"grant\":[\"y\"]}", null));
    mine.add(sameHttp("PUT", "/v2/auth/roles/foo",
        "{\"role\":\"foo\", \"permissions\": {\"kv\": {\"read\": [\"/foo/*\"]}}}", null));
    mine.add(sameHttp("PUT", "/v2/auth/roles/foo",
        "{\"role\":\"foo\", \"grant\": {\"kv\": {\"write\": [\"/foo/<w>\"]}}}", null));
    mine.add(sameHttp("PUT", "/v2/auth/roles/foo",
        "{\"role\":\"foo\", \"permissions\": {\"kv\": {\"read\": [\"/x\"]}},"
            + " \"revoke\": {\"kv\": {\"read\": [\"/a\"]}}}", null));
    mine.add(sameHttp("PUT", "/v2/auth/roles/foo",
        "{\"role\":\"foo\", \"revoke\": {\"kv\": {\"read\": [\"/a\"]}}}", null));
    mine.add(sameHttp("PUT", "/v2/auth/users/foo", "{\"user\": \"foo\", \"grant\": [\"foo\"]}", null));
    mine.add(sameHttp("GET", "/v2/auth/users/foo", null, null));
    mine.add(sameHttp("GET", "/v2/auth/roles/root", null, null));
    mine.add(sameHttp("GET", "/v2/auth/roles/nope", null, null));
    mine.add(sameHttp("GET", "/v2/auth/users/a/b", null, null));
    mine.add(sameHttp("POST", "/v2/auth/users", null, null));
    mine.add(sameHttp("PUT", "/v2/auth/enable", null, null));
    mine.add(sameHttp("PUT", "/v2/auth/users/root", "{\"user\":\"root\",\"password\":\"a\"}", null));
    mine.add(sameHttp("PUT", "/v2/auth/enable", null, null));
    mine.add(sameHttp("GET", "/v2/auth/users", null, null));
    mine.add(sameHttp("GET", "/v2/auth/users", null, "root:a"));
    mine.add(sameHttp("GET", "/v2/auth/roles", null, "root:a"));
    mine.add(sameHttp("GET", "/v2/auth/enable", null, null));
    mine.add(sameHttp("DELETE", "/v2/members/1234", null, null));
    mine.add(sameHttp("DELETE", "/v2/members/1234", null, "root:a"));
    mine.add(sameHttp("GET", "/v2/keys/foo", null, "foo:wrong"));
    mine.add(sameHttp("DELETE", "/v2/auth/users/root", null, "root:a"));
    mine.add(sameHttp("DELETE", "/v2/auth/enable", null, "foo:pass"));
    mine.add(sameHttp("DELETE", "/v2/auth/enable", null, "root:a"));
    assertEquals("{\"enabled\":false}\n", mine.get(0).body());
    assertEquals(201, mine.get(3).statusCode());
    assertEquals("{\"user\":\"foo\",\"roles\":null}\n", mine.get(3).body());
    assertEquals(401, mine.get(21).statusCode(), "listing users needs root once auth is on");
    assertEquals(401, mine.get(25).statusCode(), "member changes need root once auth is on");
    assertEquals(401, mine.get(27).statusCode(), "a wrong password is refused");
    assertEquals(200, mine.get(30).statusCode(), "root disables auth");
  }
}

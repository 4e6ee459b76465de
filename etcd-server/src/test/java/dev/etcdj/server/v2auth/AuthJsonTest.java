package dev.etcdj.server.v2auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class AuthJsonTest {
  @Test
  void aRoleIsWrittenAsGoWritesIt() {
    V2Role role = AuthJson.readRole("{\"role\":\"foo\", \"permissions\": {\"kv\": {\"read\": [\"/foo/*\"]}}}");
    assertEquals("{\"role\":\"foo\",\"permissions\":{\"kv\":{\"read\":[\"/foo/*\"],\"write\":null}}}",
        AuthJson.role(role));
    assertEquals("{\"role\":\"root\",\"permissions\":{\"kv\":{\"read\":[\"/*\"],\"write\":[\"/*\"]}}}",
        AuthJson.role(V2Role.ROOT_ROLE));
  }

  @Test
  void aUserOmitsAnEmptyPasswordAndEmptyGrants() {
    V2User u = AuthJson.readUser("{\"user\":\"foo\", \"password\":\"pass\"}");
    assertEquals(new V2User("foo", "pass", null, null, null), u);
    assertEquals("{\"user\":\"foo\",\"roles\":null}", AuthJson.user(u.withPassword("")));
    assertEquals("{\"user\":\"a\\u003cb\",\"password\":\"h\",\"roles\":[\"r\"]}",
        AuthJson.user(new V2User("a<b", "h", List.of("r"), List.of(), null)));
  }

  @Test
  void fieldNamesMatchCaseInsensitivelyAndOnlyTheFirstValueCounts() {
    assertEquals(new V2User("x", "", List.of("r"), null, null),
        AuthJson.readUser("{\"User\":\"x\",\"ROLES\":[\"r\"]} junk"));
  }

  @Test
  void malformedBodiesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> AuthJson.readUser(""));
    assertThrows(IllegalArgumentException.class, () -> AuthJson.readUser("{\"user\":1}"));
    assertThrows(IllegalArgumentException.class, () -> AuthJson.readRole("{\"role\":\"r\",\"grant\":[]}"));
  }

  @Test
  void usersWithRolesAndCollections() {
    assertEquals("{\"user\":\"u\"}", AuthJson.userWithRoles("u", List.of()));
    assertEquals("{\"users\":null}", AuthJson.collection("users", List.of()));
    assertEquals("{\"roles\":[{},{}]}", AuthJson.collection("roles", List.of("{}", "{}")));
  }
}

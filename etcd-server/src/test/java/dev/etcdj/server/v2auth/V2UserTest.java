package dev.etcdj.server.v2auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class V2UserTest {
  @Test
  void theRootUserAlwaysHoldsTheRootRole() {
    assertEquals(List.of("root"), new V2User("root", "", null, null, null).withRootRole().roles());
    assertEquals(List.of("a", "root"), new V2User("root", "", List.of("a"), null, null).withRootRole().roles());
    assertEquals(null, new V2User("bob", "", null, null, null).withRootRole().roles());
  }

  @Test
  void mergeGrantsRevokesAndRehashesOnlyANewPassword() {
    V2User stored = new V2User("u", "hash", List.of("b"), null, null);
    V2User merged = stored.merge(new V2User("u", "", null, List.of("a"), List.of("b")), p -> "H(" + p + ")");
    assertEquals(new V2User("u", "hash", List.of("a"), null, null), merged);
    assertEquals("H(pw)", stored.merge(new V2User("u", "pw", null, null, null), p -> "H(" + p + ")").password());
  }

  @Test
  void duplicateGrantsAndUngrantedRevokesAreConflicts() {
    V2User stored = new V2User("u", "hash", List.of("foo"), null, null);
    V2AuthError dup = assertThrows(V2AuthError.class,
        () -> stored.merge(new V2User("u", "", null, List.of("foo"), null), p -> p));
    assertEquals("auth: Granting duplicate role foo for user u", dup.getMessage());
    V2AuthError missing = assertThrows(V2AuthError.class,
        () -> stored.merge(new V2User("u", "", null, null, List.of("bar")), p -> p));
    assertEquals(409, missing.status());
    assertEquals("auth: Revoking ungranted role bar for user u", missing.getMessage());
  }

  @Test
  void aMergeOfNothingStillTurnsANilRoleListIntoAnEmptyOne() {
    V2User stored = new V2User("u", "hash", null, null, null);
    assertNotEquals(stored, stored.merge(new V2User("u", "", null, null, null), p -> p),
        "etcd compares nil and empty role lists as different");
  }
}

package dev.etcdj.server.v2auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class KvPermissionsTest {
  private final KvPermissions perms = new KvPermissions(List.of("/foo/*", "/exact"), List.of("/foo/bar"));

  @Test
  void aStarPatternMatchesEveryKeyItPrefixes() {
    assertTrue(perms.hasAccess("/foo/", false));
    assertTrue(perms.hasAccess("/foo/a/b", false));
    assertFalse(perms.hasAccess("/foo", false), "the directory itself is not under /foo/");
    assertFalse(perms.hasAccess("/foobar", false));
  }

  @Test
  void aPlainPatternMatchesOnlyItself() {
    assertTrue(perms.hasAccess("/exact", false));
    assertFalse(perms.hasAccess("/exact/child", false));
    assertTrue(perms.hasAccess("/foo/bar", true));
    assertFalse(perms.hasAccess("/foo/baz", true), "write is checked against the write patterns");
  }

  @Test
  void recursiveAccessNeedsAStarPattern() {
    assertTrue(perms.hasRecursiveAccess("/foo/dir", false));
    assertFalse(perms.hasRecursiveAccess("/exact", false));
    assertFalse(perms.hasRecursiveAccess("/foo/bar", true));
  }

  @Test
  void noPatternsMeansNoAccess() {
    assertFalse(KvPermissions.NONE.hasAccess("/anything", false));
    assertFalse(new KvPermissions(List.of(""), null).hasAccess("", false));
  }

  @Test
  void rootAndGuestRolesReachEverything() {
    assertTrue(V2Role.GUEST_ROLE.hasKeyAccess("/any/key", true));
    V2Role root = new V2Role(V2Role.ROOT, KvPermissions.NONE, null, null);
    assertTrue(root.hasRecursiveAccess("/x", true), "root needs no patterns");
    V2Role reader = new V2Role("r", new KvPermissions(List.of("/foo"), null), null, null);
    assertTrue(reader.hasKeyAccess("/foo", false));
    assertFalse(reader.hasKeyAccess("/foo", true));
  }

  @Test
  void grantsSortAndRefuseDuplicates() {
    KvPermissions granted = KvPermissions.NONE.grant(new KvPermissions(List.of("/b", "/a"), null));
    assertEquals(new KvPermissions(List.of("/a", "/b"), List.of()), granted);
    V2AuthError e = assertThrows(V2AuthError.class, () -> granted.grant(new KvPermissions(List.of("/a"), null)));
    assertEquals(409, e.status());
    assertEquals("auth: Granting duplicate read permission /a", e.getMessage());
  }

  @Test
  void revokingWhatWasNeverGrantedChangesNothing() {
    KvPermissions p = new KvPermissions(List.of("/a"), List.of("/w"));
    assertEquals(new KvPermissions(List.of(), List.of("/w")), p.revoke(new KvPermissions(List.of("/a", "/zz"), null)));
  }

  @Test
  void aRoleMergeAppliesGrantsThenRevokes() {
    V2Role stored = new V2Role("r", new KvPermissions(List.of("/a"), null), null, null);
    V2Role merged = stored.merge(new V2Role("r", KvPermissions.NONE, new KvPermissions(List.of("/b"), List.of("/b")),
        new KvPermissions(List.of("/a"), null)));
    assertEquals(new V2Role("r", new KvPermissions(List.of("/b"), List.of("/b")), null, null), merged);
  }
}

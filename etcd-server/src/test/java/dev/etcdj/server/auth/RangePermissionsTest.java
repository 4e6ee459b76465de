package dev.etcdj.server.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.etcdj.api.Permission;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** etcd's range permission cache: single keys, ranges, prefixes, open ends, unions of roles. */
class RangePermissionsTest {
  private static Permission perm(Permission.Type type, String key, String rangeEnd) {
    return Permission.newBuilder().setPermType(type).setKey(ByteString.copyFromUtf8(key))
        .setRangeEnd(ByteString.copyFromUtf8(rangeEnd)).build();
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void singleKeyGrantsOnlyThatKey() {
    RangePermissions p = RangePermissions.merge(List.of(perm(Permission.Type.READWRITE, "foo", "")));
    assertTrue(p.canWrite(b("foo"), null));
    assertTrue(p.canRead(b("foo"), null));
    assertFalse(p.canWrite(b("foo1"), null));
    assertFalse(p.canRead(b("fo"), null));
    assertFalse(p.canRead(b("foo"), b("fop")), "a range wider than the key is not covered");
  }

  @Test
  void readAndWriteAreSeparate() {
    RangePermissions p = RangePermissions.merge(List.of(perm(Permission.Type.READ, "a", "c")));
    assertTrue(p.canRead(b("b"), null));
    assertFalse(p.canWrite(b("b"), null));
  }

  @Test
  void rangeMustBeCoveredByTheUnionOfGrants() {
    RangePermissions p = RangePermissions.merge(List.of(
        perm(Permission.Type.READ, "key", "key2"), perm(Permission.Type.READ, "key2", "key4")));
    assertTrue(p.canRead(b("key"), b("key4")));
    assertTrue(p.canRead(b("key1"), b("key3")));
    assertFalse(p.canRead(b("key"), b("key6")));
    assertFalse(p.canRead(b("key5"), null));
  }

  @Test
  void prefixGrantCoversPrefixButNotItsEnd() {
    RangePermissions p = RangePermissions.merge(List.of(perm(Permission.Type.WRITE, "/prefix/", "/prefix0")));
    assertTrue(p.canWrite(b("/prefix/1"), null));
    assertFalse(p.canWrite(b("/prefix0"), null));
  }

  @Test
  void zeroRangeEndIsOpenEnded() {
    RangePermissions fromZ = RangePermissions.merge(List.of(perm(Permission.Type.READWRITE, "z", "\0")));
    assertTrue(fromZ.canWrite(b("z1"), null));
    assertTrue(fromZ.canWrite(b("\u00ff\u00ff\u00ff"), null));
    assertTrue(fromZ.canRead(b("z"), b("\0")));
    assertFalse(fromZ.canWrite(b("x"), null));

    RangePermissions all = RangePermissions.merge(List.of(perm(Permission.Type.READWRITE, "", "\0")));
    assertTrue(all.canWrite(b("anything"), null));
    assertTrue(all.canRead(b(""), b("\0")));
  }

  @Test
  void noGrantsAllowNothing() {
    RangePermissions p = RangePermissions.merge(List.of());
    assertFalse(p.canRead(b("a"), null));
    assertFalse(p.canWrite(b("a"), b("b")));
  }
}

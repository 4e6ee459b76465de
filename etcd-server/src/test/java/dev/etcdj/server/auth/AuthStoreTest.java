package dev.etcdj.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.etcdj.api.Permission;
import dev.etcdj.server.EtcdError;
import dev.etcdj.server.EtcdException;
import dev.etcdj.storage.mvcc.MvccStore;
import dev.etcdj.storage.mvcc.WriteTxn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The auth store's rules and errors (etcd's authStore), persisted in a real MVCC store. */
class AuthStoreTest {
  @TempDir
  Path dir;
  private MvccStore db;
  private long index;
  private final AuthStore store = new AuthStore();

  @BeforeEach
  void open() {
    db = MvccStore.open(dir.resolve("db"));
    store.load(db::scanMeta);
  }

  @AfterEach
  void close() {
    db.close();
  }

  /** Applies one change in its own write transaction, as the apply loop does. */
  private void apply(Consumer<AuthMeta> change) {
    try (WriteTxn txn = db.beginWrite(++index)) {
      change.accept(new AuthMeta() {
        @Override
        public void put(String bucket, byte[] key, byte[] value) {
          txn.putMeta(bucket, key, value);
        }

        @Override
        public void delete(String bucket, byte[] key) {
          txn.deleteMeta(bucket, key);
        }
      });
      txn.end();
    }
  }

  private static EtcdError error(Runnable r) {
    return assertThrows(EtcdException.class, r::run).error();
  }

  private static Permission rw(String key, String end) {
    return Permission.newBuilder().setPermType(Permission.Type.READWRITE).setKey(ByteString.copyFromUtf8(key))
        .setRangeEnd(ByteString.copyFromUtf8(end)).build();
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private void enableWithRoot() {
    apply(m -> store.userAdd(m, "root", ByteString.copyFromUtf8("hash"), false));
    apply(m -> store.userGrantRole(m, "root", "root"));
    apply(store::enable);
  }

  @Test
  void enableNeedsRootUserWithRootRole() {
    assertEquals(EtcdError.ROOT_USER_NOT_EXIST, error(() -> apply(store::enable)));
    apply(m -> store.userAdd(m, "root", ByteString.copyFromUtf8("hash"), false));
    assertEquals(EtcdError.ROOT_ROLE_NOT_EXIST, error(() -> apply(store::enable)));
    apply(m -> store.userGrantRole(m, "root", "root"));
    apply(store::enable);
    assertTrue(store.enabled());
  }

  @Test
  void rootCannotLoseItsRoleNorBeDeletedWhileEnabled() {
    enableWithRoot();
    assertEquals(EtcdError.INVALID_AUTH_MGMT, error(() -> apply(m -> store.userRevokeRole(m, "root", "root"))));
    assertEquals(EtcdError.INVALID_AUTH_MGMT, error(() -> apply(m -> store.userDelete(m, "root"))));
    assertEquals(EtcdError.INVALID_AUTH_MGMT, error(() -> apply(m -> store.roleDelete(m, "root"))));
  }

  @Test
  void userAndRoleErrorsAreEtcds() {
    apply(m -> store.userAdd(m, "u", ByteString.EMPTY, true));
    assertEquals(EtcdError.USER_ALREADY_EXIST, error(() -> apply(m -> store.userAdd(m, "u", ByteString.EMPTY, true))));
    assertEquals(EtcdError.USER_EMPTY, error(() -> apply(m -> store.userAdd(m, "", ByteString.EMPTY, true))));
    assertEquals(EtcdError.ROLE_NOT_FOUND, error(() -> apply(m -> store.userGrantRole(m, "u", "nope"))));
    assertEquals(EtcdError.USER_NOT_FOUND, error(() -> apply(m -> store.userDelete(m, "nope"))));
    assertEquals(EtcdError.ROLE_NOT_GRANTED, error(() -> apply(m -> store.userRevokeRole(m, "u", "r"))));
    apply(m -> store.roleAdd(m, "r"));
    assertEquals(EtcdError.ROLE_ALREADY_EXIST, error(() -> apply(m -> store.roleAdd(m, "r"))));
    assertEquals(EtcdError.ROLE_EMPTY, error(() -> apply(m -> store.roleAdd(m, ""))));
    assertEquals(EtcdError.PERMISSION_NOT_GRANTED,
        error(() -> apply(m -> store.roleRevokePermission(m, "r", ByteString.copyFromUtf8("k"), ByteString.EMPTY))));
  }

  @Test
  void permissionsFollowGrantsRevocationsAndRevisions() {
    enableWithRoot();
    apply(m -> store.userAdd(m, "u", ByteString.copyFromUtf8("hash"), false));
    apply(m -> store.roleAdd(m, "r"));
    apply(m -> store.userGrantRole(m, "u", "r"));
    apply(m -> store.roleGrantPermission(m, "r", rw("foo", "")));
    AuthInfo u = new AuthInfo("u", store.revision());
    store.checkWrite(u, b("foo"), null);
    assertEquals(EtcdError.PERMISSION_DENIED, error(() -> store.checkWrite(u, b("hoo"), null)));
    assertEquals(EtcdError.USER_EMPTY, error(() -> store.checkRead(AuthInfo.NONE, b("foo"), null)));
    store.checkWrite(new AuthInfo("root", store.revision()), b("anything"), null);

    apply(m -> store.roleRevokePermission(m, "r", ByteString.copyFromUtf8("foo"), ByteString.EMPTY));
    assertEquals(EtcdError.AUTH_OLD_REVISION, error(() -> store.checkWrite(u, b("foo"), null)),
        "a request checked before the revocation is refused when applied");
    AuthInfo fresh = new AuthInfo("u", store.revision());
    assertEquals(EtcdError.PERMISSION_DENIED, error(() -> store.checkWrite(fresh, b("foo"), null)));
  }

  @Test
  void adminNeedsRootRole() {
    enableWithRoot();
    apply(m -> store.userAdd(m, "u", ByteString.copyFromUtf8("hash"), false));
    store.checkAdmin(new AuthInfo("root", store.revision()));
    assertEquals(EtcdError.PERMISSION_DENIED, error(() -> store.checkAdmin(new AuthInfo("u", store.revision()))));
    assertEquals(EtcdError.USER_EMPTY, error(() -> store.checkAdmin(AuthInfo.NONE)));
    assertEquals(EtcdError.USER_NOT_FOUND, error(() -> store.checkAdmin(new AuthInfo("ghost", 5))));
  }

  @Test
  void deletingRoleRevokesItFromUsers() {
    apply(m -> store.userAdd(m, "u", ByteString.EMPTY, true));
    apply(m -> store.roleAdd(m, "a"));
    apply(m -> store.roleAdd(m, "b"));
    apply(m -> store.userGrantRole(m, "u", "b"));
    apply(m -> store.userGrantRole(m, "u", "a"));
    assertEquals(List.of("a", "b"), store.user("u").getRolesList(), "roles are kept sorted");
    apply(m -> store.roleDelete(m, "b"));
    assertEquals(List.of("a"), store.user("u").getRolesList());
    assertEquals(List.of("a"), store.roleNames());
  }

  @Test
  void grantingTheSamePermissionAgainUpdatesItsType() {
    apply(m -> store.roleAdd(m, "r"));
    apply(m -> store.roleGrantPermission(m, "r", rw("k", "")));
    apply(m -> store.roleGrantPermission(m, "r",
        rw("k", "").toBuilder().setPermType(Permission.Type.READ).build()));
    assertEquals(1, store.role("r").getKeyPermissionCount());
    assertEquals(Permission.Type.READ, store.role("r").getKeyPermission(0).getPermType());
  }

  @Test
  void stateSurvivesReopening() {
    enableWithRoot();
    apply(m -> store.roleAdd(m, "r"));
    apply(m -> store.roleGrantPermission(m, "r", rw("k", "")));
    long revision = store.revision();
    db.close();
    db = MvccStore.open(dir.resolve("db"));
    AuthStore reloaded = new AuthStore();
    reloaded.load(db::scanMeta);
    assertTrue(reloaded.enabled());
    assertEquals(revision, reloaded.revision());
    assertTrue(reloaded.hasRole("root", "root"));
    assertEquals(1, reloaded.role("r").getKeyPermissionCount());
    apply(store::disable);
    db.close();
    db = MvccStore.open(dir.resolve("db"));
    AuthStore disabled = new AuthStore();
    disabled.load(db::scanMeta);
    assertFalse(disabled.enabled());
  }
}

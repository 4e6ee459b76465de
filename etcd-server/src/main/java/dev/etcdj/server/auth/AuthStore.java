package dev.etcdj.server.auth;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.etcdj.api.Permission;
import dev.etcdj.api.Role;
import dev.etcdj.api.User;
import dev.etcdj.server.EtcdError;
import dev.etcdj.server.EtcdException;
import dev.etcdj.storage.mvcc.MetaEntry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users, roles, the enabled flag and the auth revision (etcd's authStore). Changed only by the
 * apply thread, each change written to the meta buckets of the entry's transaction and bumping
 * the auth revision; read by any thread for permission checks. Errors are etcd's.
 */
public final class AuthStore {
  private static final Logger LOG = LoggerFactory.getLogger("auth");
  static final String ROOT = "root";
  private static final byte[] ENABLED_KEY = "authEnabled".getBytes(StandardCharsets.UTF_8);
  private static final byte[] REVISION_KEY = "authRevision".getBytes(StandardCharsets.UTF_8);

  private final TreeMap<String, User> users = new TreeMap<>();
  private final TreeMap<String, Role> roles = new TreeMap<>();
  private Map<String, RangePermissions> permissions = Map.of();
  private volatile boolean enabled;
  private volatile long revision;

  /** Replaces the state with what the meta buckets hold (start, snapshot install). */
  public synchronized void load(Function<String, List<MetaEntry>> scan) {
    users.clear();
    roles.clear();
    enabled = false;
    revision = 0;
    for (MetaEntry e : scan.apply(AuthMeta.AUTH)) {
      if (Arrays.equals(e.key(), ENABLED_KEY)) {
        enabled = e.value().length == 1 && e.value()[0] == 1;
      } else if (Arrays.equals(e.key(), REVISION_KEY)) {
        revision = ByteBuffer.wrap(e.value()).getLong();
      }
    }
    try {
      for (MetaEntry e : scan.apply(AuthMeta.USERS)) {
        User u = User.parseFrom(e.value());
        users.put(u.getName().toStringUtf8(), u);
      }
      for (MetaEntry e : scan.apply(AuthMeta.ROLES)) {
        Role r = Role.parseFrom(e.value());
        roles.put(r.getName().toStringUtf8(), r);
      }
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt auth bucket", e);
    }
    if (revision == 0) {
      revision = 1; // etcd starts at 1: revision 0 stands for "no user" in a request
    }
    refreshPermissions();
  }

  public boolean enabled() {
    return enabled;
  }

  public long revision() {
    return revision;
  }

  // ---- reads (any thread)

  public synchronized User user(String name) {
    return users.get(name);
  }

  public synchronized Role role(String name) {
    return roles.get(name);
  }

  public synchronized List<String> userNames() {
    return new ArrayList<>(users.keySet());
  }

  public synchronized List<String> roleNames() {
    return new ArrayList<>(roles.keySet());
  }

  public synchronized boolean hasRole(String user, String role) {
    User u = users.get(user);
    return u != null && u.getRolesList().contains(role);
  }

  /** etcd's isOpPermitted; {@code rangeEnd} empty for a single key. */
  public void checkRead(AuthInfo who, byte[] key, byte[] rangeEnd) {
    checkOp(who, key, rangeEnd, false);
  }

  public void checkWrite(AuthInfo who, byte[] key, byte[] rangeEnd) {
    checkOp(who, key, rangeEnd, true);
  }

  private synchronized void checkOp(AuthInfo who, byte[] key, byte[] rangeEnd, boolean write) {
    if (!enabled) {
      return;
    }
    if (who == null || who.revision() == 0) {
      throw EtcdError.USER_EMPTY.exception();
    }
    if (who.revision() < revision) {
      throw EtcdError.AUTH_OLD_REVISION.exception();
    }
    User u = users.get(who.user());
    if (u == null) {
      throw EtcdError.PERMISSION_DENIED.exception();
    }
    if (isRoot(u)) {
      return;
    }
    RangePermissions p = permissions.get(who.user());
    boolean ok = p != null && (write ? p.canWrite(key, rangeEnd) : p.canRead(key, rangeEnd));
    if (!ok) {
      throw EtcdError.PERMISSION_DENIED.exception();
    }
  }

  /** etcd's IsAdminPermitted: the user must hold the root role. */
  public synchronized void checkAdmin(AuthInfo who) {
    if (!enabled) {
      return;
    }
    if (who == null || who.user().isEmpty()) {
      throw EtcdError.USER_EMPTY.exception();
    }
    User u = users.get(who.user());
    if (u == null) {
      throw EtcdError.USER_NOT_FOUND.exception();
    }
    if (!isRoot(u)) {
      throw EtcdError.PERMISSION_DENIED.exception();
    }
  }

  // ---- changes (apply thread)

  public synchronized void enable(AuthMeta meta) {
    if (enabled) {
      LOG.info("authentication is already enabled; ignored auth enable request");
      return;
    }
    User root = users.get(ROOT);
    if (root == null) {
      throw EtcdError.ROOT_USER_NOT_EXIST.exception();
    }
    if (!isRoot(root)) {
      throw EtcdError.ROOT_ROLE_NOT_EXIST.exception();
    }
    meta.put(AuthMeta.AUTH, ENABLED_KEY, new byte[] {1});
    enabled = true;
    LOG.info("enabled authentication");
  }

  /** Returns false if it was not enabled. */
  public synchronized boolean disable(AuthMeta meta) {
    if (!enabled) {
      return false;
    }
    meta.put(AuthMeta.AUTH, ENABLED_KEY, new byte[] {0});
    commitRevision(meta);
    enabled = false;
    LOG.info("disabled authentication");
    return true;
  }

  /** Adds a user whose password is already a bcrypt hash (empty for a no-password user). */
  public synchronized void userAdd(AuthMeta meta, String name, ByteString hashedPassword, boolean noPassword) {
    if (name.isEmpty()) {
      throw EtcdError.USER_EMPTY.exception();
    }
    if (users.containsKey(name)) {
      throw EtcdError.USER_ALREADY_EXIST.exception();
    }
    User.Builder u = User.newBuilder().setName(ByteString.copyFromUtf8(name)).setPassword(hashedPassword);
    u.getOptionsBuilder().setNoPassword(noPassword);
    putUser(meta, u.build());
    commitRevision(meta);
    LOG.info("added a user {}", name);
  }

  /** The caller invalidates the user's tokens. */
  public synchronized void userDelete(AuthMeta meta, String name) {
    if (enabled && ROOT.equals(name)) {
      throw EtcdError.INVALID_AUTH_MGMT.exception();
    }
    if (users.remove(name) == null) {
      throw EtcdError.USER_NOT_FOUND.exception();
    }
    meta.delete(AuthMeta.USERS, name.getBytes(StandardCharsets.UTF_8));
    commitRevision(meta);
    LOG.info("deleted a user {}", name);
  }

  public synchronized void userChangePassword(AuthMeta meta, String name, ByteString hashedPassword) {
    User u = users.get(name);
    if (u == null) {
      throw EtcdError.USER_NOT_FOUND.exception();
    }
    putUser(meta, u.toBuilder().setPassword(hashedPassword).build());
    commitRevision(meta);
    LOG.info("changed a password of a user {}", name);
  }

  public synchronized void userGrantRole(AuthMeta meta, String name, String role) {
    User u = users.get(name);
    if (u == null) {
      throw EtcdError.USER_NOT_FOUND.exception();
    }
    if (!ROOT.equals(role) && !roles.containsKey(role)) {
      throw EtcdError.ROLE_NOT_FOUND.exception();
    }
    if (u.getRolesList().contains(role)) {
      return;
    }
    List<String> granted = new ArrayList<>(u.getRolesList());
    granted.add(role);
    Collections.sort(granted);
    putUser(meta, u.toBuilder().clearRoles().addAllRoles(granted).build());
    commitRevision(meta);
    LOG.info("granted role {} to user {}", role, name);
  }

  public synchronized void userRevokeRole(AuthMeta meta, String name, String role) {
    if (enabled && ROOT.equals(name) && ROOT.equals(role)) {
      throw EtcdError.INVALID_AUTH_MGMT.exception();
    }
    User u = users.get(name);
    if (u == null) {
      throw EtcdError.USER_NOT_FOUND.exception();
    }
    List<String> kept = new ArrayList<>(u.getRolesList());
    if (!kept.remove(role)) {
      throw EtcdError.ROLE_NOT_GRANTED.exception();
    }
    putUser(meta, u.toBuilder().clearRoles().addAllRoles(kept).build());
    commitRevision(meta);
    LOG.info("revoked role {} from user {}", role, name);
  }

  public synchronized void roleAdd(AuthMeta meta, String name) {
    if (name.isEmpty()) {
      throw EtcdError.ROLE_EMPTY.exception();
    }
    if (roles.containsKey(name)) {
      throw EtcdError.ROLE_ALREADY_EXIST.exception();
    }
    putRole(meta, Role.newBuilder().setName(ByteString.copyFromUtf8(name)).build());
    commitRevision(meta);
    LOG.info("created a role {}", name);
  }

  /** Deletes a role and revokes it from every user holding it. */
  public synchronized void roleDelete(AuthMeta meta, String name) {
    if (enabled && ROOT.equals(name)) {
      throw EtcdError.INVALID_AUTH_MGMT.exception();
    }
    if (roles.remove(name) == null) {
      throw EtcdError.ROLE_NOT_FOUND.exception();
    }
    meta.delete(AuthMeta.ROLES, name.getBytes(StandardCharsets.UTF_8));
    for (User u : List.copyOf(users.values())) {
      if (u.getRolesList().contains(name)) {
        List<String> kept = new ArrayList<>(u.getRolesList());
        kept.remove(name);
        putUser(meta, u.toBuilder().clearRoles().addAllRoles(kept).build());
      }
    }
    commitRevision(meta);
    LOG.info("deleted a role {}", name);
  }

  /** Adds the permission, or changes the type of the one with the same key and range end. */
  public synchronized void roleGrantPermission(AuthMeta meta, String name, Permission perm) {
    Role r = roles.get(name);
    if (r == null) {
      throw EtcdError.ROLE_NOT_FOUND.exception();
    }
    List<Permission> perms = new ArrayList<>(r.getKeyPermissionList());
    boolean updated = false;
    for (int i = 0; i < perms.size(); i++) {
      Permission p = perms.get(i);
      if (p.getKey().equals(perm.getKey()) && p.getRangeEnd().equals(perm.getRangeEnd())) {
        perms.set(i, p.toBuilder().setPermType(perm.getPermType()).build());
        updated = true;
      }
    }
    if (!updated) {
      perms.add(perm);
      perms.sort((a, b) -> ByteString.unsignedLexicographicalComparator().compare(a.getKey(), b.getKey()));
    }
    putRole(meta, r.toBuilder().clearKeyPermission().addAllKeyPermission(perms).build());
    commitRevision(meta);
    LOG.info("granted/updated a permission to role {}", name);
  }

  public synchronized void roleRevokePermission(AuthMeta meta, String name, ByteString key, ByteString rangeEnd) {
    Role r = roles.get(name);
    if (r == null) {
      throw EtcdError.ROLE_NOT_FOUND.exception();
    }
    List<Permission> kept = r.getKeyPermissionList().stream()
        .filter(p -> !p.getKey().equals(key) || !p.getRangeEnd().equals(rangeEnd))
        .toList();
    if (kept.size() == r.getKeyPermissionCount()) {
      throw EtcdError.PERMISSION_NOT_GRANTED.exception();
    }
    putRole(meta, r.toBuilder().clearKeyPermission().addAllKeyPermission(kept).build());
    commitRevision(meta);
    LOG.info("revoked a permission on range from role {}", name);
  }

  private static boolean isRoot(User u) {
    return u.getRolesList().contains(ROOT);
  }

  private void putUser(AuthMeta meta, User u) {
    users.put(u.getName().toStringUtf8(), u);
    meta.put(AuthMeta.USERS, u.getName().toByteArray(), u.toByteArray());
  }

  private void putRole(AuthMeta meta, Role r) {
    roles.put(r.getName().toStringUtf8(), r);
    meta.put(AuthMeta.ROLES, r.getName().toByteArray(), r.toByteArray());
  }

  private void commitRevision(AuthMeta meta) {
    revision++;
    meta.put(AuthMeta.AUTH, REVISION_KEY, ByteBuffer.allocate(8).putLong(revision).array());
    refreshPermissions();
  }

  private void refreshPermissions() {
    Map<String, RangePermissions> merged = new HashMap<>();
    for (User u : users.values()) {
      List<Permission> perms = new ArrayList<>();
      for (String role : u.getRolesList()) {
        Role r = roles.get(role);
        if (r != null) {
          perms.addAll(r.getKeyPermissionList());
        }
      }
      merged.put(u.getName().toStringUtf8(), RangePermissions.merge(perms));
    }
    permissions = merged;
  }
}

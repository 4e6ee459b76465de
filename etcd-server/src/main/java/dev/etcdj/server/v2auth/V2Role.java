package dev.etcdj.server.v2auth;

/**
 * A role (etcd's {@code v2auth.Role}): its permissions, and in an update request the
 * permissions to grant and revoke (null when absent).
 */
public record V2Role(String role, KvPermissions permissions, KvPermissions grant, KvPermissions revoke) {
  public static final String ROOT = "root";
  public static final String GUEST = "guest";
  private static final KvPermissions EVERYTHING =
      new KvPermissions(java.util.List.of("/*"), java.util.List.of("/*"));

  static final V2Role ROOT_ROLE = new V2Role(ROOT, EVERYTHING, null, null);
  static final V2Role GUEST_ROLE = new V2Role(GUEST, EVERYTHING, null, null);

  public boolean hasKeyAccess(String key, boolean write) {
    return role.equals(ROOT) || permissions.hasAccess(key, write);
  }

  public boolean hasRecursiveAccess(String key, boolean write) {
    return role.equals(ROOT) || permissions.hasRecursiveAccess(key, write);
  }

  /** The role with the request's grants, then its revokes, applied. */
  V2Role merge(V2Role update) {
    KvPermissions p = update.grant == null ? permissions : permissions.grant(update.grant);
    p = update.revoke == null ? p : p.revoke(update.revoke);
    return new V2Role(role, p, null, null);
  }
}

package dev.etcdj.server.v2auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A role's key patterns for reading and writing (etcd's {@code RWPermission}). A pattern ending
 * in {@code *} matches every key it prefixes, any other pattern only itself. A list is null
 * when the JSON had none, and sorted (never null) once grants or revokes were applied, so an
 * update that changes nothing is told apart the way etcd does.
 */
public record KvPermissions(List<String> read, List<String> write) {
  static final KvPermissions NONE = new KvPermissions(null, null);

  boolean isEmpty() {
    return (read == null || read.isEmpty()) && (write == null || write.isEmpty());
  }

  /** Whether one of the patterns for this kind of access matches the key. */
  public boolean hasAccess(String key, boolean writeAccess) {
    for (String pattern : patterns(writeAccess)) {
      if (matches(pattern, key)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a prefix pattern ({@code ...*}) covers the key and so everything under it. */
  public boolean hasRecursiveAccess(String key, boolean writeAccess) {
    for (String pattern : patterns(writeAccess)) {
      if (pattern.endsWith("*") && matches(pattern, key)) {
        return true;
      }
    }
    return false;
  }

  private List<String> patterns(boolean writeAccess) {
    List<String> list = writeAccess ? write : read;
    return list == null ? List.of() : list;
  }

  private static boolean matches(String pattern, String key) {
    if (pattern.isEmpty()) {
      return false;
    }
    return pattern.endsWith("*") ? key.startsWith(pattern.substring(0, pattern.length() - 1)) : key.equals(pattern);
  }

  KvPermissions grant(KvPermissions added) {
    return new KvPermissions(added(read, added.read, "read"), added(write, added.write, "write"));
  }

  KvPermissions revoke(KvPermissions removed) {
    return new KvPermissions(removed(read, removed.read), removed(write, removed.write));
  }

  private static List<String> added(List<String> current, List<String> more, String kind) {
    TreeSet<String> out = new TreeSet<>(current == null ? List.of() : current);
    for (String p : Objects.requireNonNullElse(more, List.<String>of())) {
      if (!out.add(p)) {
        throw V2AuthError.of(409, "Granting duplicate %s permission %s", kind, p);
      }
    }
    return new ArrayList<>(out);
  }

  private static List<String> removed(List<String> current, List<String> less) {
    TreeSet<String> out = new TreeSet<>(current == null ? List.of() : current);
    out.removeAll(Objects.requireNonNullElse(less, List.<String>of()));
    return new ArrayList<>(out);
  }
}

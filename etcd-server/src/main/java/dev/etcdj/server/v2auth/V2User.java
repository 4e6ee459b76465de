package dev.etcdj.server.v2auth;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * A user (etcd's {@code v2auth.User}): name, bcrypt hash (or, in a request, the new password)
 * and roles, plus the roles a request grants or revokes. Lists are null when the JSON had none.
 */
public record V2User(String user, String password, List<String> roles, List<String> grant, List<String> revoke) {

  boolean hasRole(String role) {
    return roles != null && roles.contains(role);
  }

  /** The root user always holds the root role. */
  V2User withRootRole() {
    if (!user.equals(V2Role.ROOT) || hasRole(V2Role.ROOT)) {
      return this;
    }
    List<String> r = roles == null ? new ArrayList<>() : new ArrayList<>(roles);
    r.add(V2Role.ROOT);
    return new V2User(user, password, r, grant, revoke);
  }

  V2User withPassword(String newPassword) {
    return new V2User(user, newPassword, roles, grant, revoke);
  }

  /** This stored user with the request's new password (hashed) and role grants and revokes. */
  V2User merge(V2User update, UnaryOperator<String> hasher) {
    String hash = update.password == null || update.password.isEmpty() ? password : hasher.apply(update.password);
    TreeSet<String> current = new TreeSet<>(roles == null ? List.of() : roles);
    for (String g : update.grant == null ? List.<String>of() : update.grant) {
      if (!current.add(g)) {
        throw V2AuthError.of(409, "Granting duplicate role %s for user %s", g, update.user);
      }
    }
    for (String r : update.revoke == null ? List.<String>of() : update.revoke) {
      if (!current.remove(r)) {
        throw V2AuthError.of(409, "Revoking ungranted role %s for user %s", r, update.user);
      }
    }
    return new V2User(user, hash, new ArrayList<>(current), null, null);
  }
}

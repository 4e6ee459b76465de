package dev.etcdj.server.v2auth;

import dev.etcdj.tls.TlsSettings;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks etcd's v2 handlers make once auth is enabled: root access for the auth and
 * members APIs, key access (by the caller's roles, or the guest role for an anonymous caller)
 * for the keys API. The caller is the Basic-auth user, or with {@code --client-cert-auth} and
 * no {@code Authorization} header, the user named by a client certificate's common name.
 * Checking a password costs a bcrypt hash: call these off the event loop.
 */
public final class V2AccessControl {
  private static final Logger LOG = LoggerFactory.getLogger("etcdserver/api/v2http");

  private final V2AuthStore store;
  private final boolean clientCertAuth;
  private final List<X509Certificate> trustedCas;

  /** {@code caFile} is the client listener's {@code --trusted-ca-file} (null when unset). */
  public V2AccessControl(V2AuthStore store, boolean clientCertAuth, Path caFile) {
    this.store = store;
    this.clientCertAuth = clientCertAuth;
    this.trustedCas = clientCertAuth ? VerifiedChain.trustedCas(caFile) : List.of();
  }

  /** For the client listeners' TLS settings (null when they serve plain HTTP only). */
  public static V2AccessControl forClientTls(V2AuthStore store, TlsSettings clientTls) {
    return clientTls == null ? new V2AccessControl(store, false, null)
        : new V2AccessControl(store, clientTls.clientCertAuth(), clientTls.trustedCaFile());
  }

  public boolean authEnabled() {
    return store.authEnabled();
  }

  /** Reads are open to everyone; anything else needs root (etcd's hasWriteRootAccess). */
  public boolean hasWriteRootAccess(V2Caller caller, String method, String resource) {
    return method.equals("GET") || method.equals("HEAD") || hasRootAccess(caller, resource);
  }

  public boolean hasRootAccess(V2Caller caller, String resource) {
    return !store.authEnabled() || rootAccessWhileEnabled(caller, resource);
  }

  /** {@link #hasRootAccess} for a caller that already found auth enabled. */
  public boolean rootAccessWhileEnabled(V2Caller caller, String resource) {
    V2User user = caller.authorization() == null && clientCertAuth
        ? userFromCertificate(caller) : userFromBasic(caller);
    if (user == null) {
      return false;
    }
    if (user.hasRole(V2Role.ROOT)) {
      return true;
    }
    LOG.warn("a user does not have root role for resource (root-user: {}, root-role-name: {}, resource-path: {})",
        user.user(), V2Role.ROOT, resource);
    return false;
  }

  /** Whether the caller may read (GET, HEAD) or write the key, or with {@code recursive} all under it. */
  public boolean hasKeyAccess(V2Caller caller, String method, String key, boolean recursive) {
    return !store.authEnabled() || keyAccessWhileEnabled(caller, method, key, recursive);
  }

  /** {@link #hasKeyAccess} for a caller that already found auth enabled. */
  public boolean keyAccessWhileEnabled(V2Caller caller, String method, String key, boolean recursive) {
    boolean write = !method.equals("GET") && !method.equals("HEAD");
    V2User user;
    if (caller.authorization() == null) {
      user = clientCertAuth ? userFromCertificate(caller) : null;
      if (user == null) {
        return hasGuestAccess(key, write);
      }
    } else {
      user = userFromBasic(caller);
      if (user == null) {
        return false;
      }
    }
    for (String roleName : user.roles() == null ? List.<String>of() : user.roles()) {
      V2Role role;
      try {
        role = store.role(roleName);
      } catch (RuntimeException e) {
        continue;
      }
      if (recursive ? role.hasRecursiveAccess(key, write) : role.hasKeyAccess(key, write)) {
        return true;
      }
    }
    LOG.warn("invalid access for user on key (user-name: {}, key: {})", user.user(), key);
    return false;
  }

  private boolean hasGuestAccess(String key, boolean write) {
    V2Role guest;
    try {
      guest = store.role(V2Role.GUEST);
    } catch (RuntimeException e) {
      return false;
    }
    if (guest.hasKeyAccess(key, write)) {
      return true;
    }
    LOG.warn("invalid access for a guest role on key (role-name: {}, key: {})", V2Role.GUEST, key);
    return false;
  }

  private V2User userFromBasic(V2Caller caller) {
    V2Caller.BasicCredentials credentials = caller.basic();
    if (credentials == null) {
      LOG.warn("malformed basic auth encoding");
      return null;
    }
    V2User user;
    try {
      user = store.user(credentials.user());
    } catch (RuntimeException e) {
      return null;
    }
    if (!V2AuthStore.checkPassword(user, credentials.password())) {
      LOG.warn("incorrect password (user-name: {})", credentials.user());
      return null;
    }
    return user;
  }

  private V2User userFromCertificate(V2Caller caller) {
    for (X509Certificate cert : VerifiedChain.of(caller.certificates(), trustedCas)) {
      String cn = VerifiedChain.commonName(cert);
      try {
        V2User user = store.user(cn);
        LOG.debug("authenticated a user via common name (user-name: {}, common-name: {})", user.user(), cn);
        return user;
      } catch (RuntimeException e) {
        LOG.debug("found common name {} without a user", cn);
      }
    }
    return null;
  }
}

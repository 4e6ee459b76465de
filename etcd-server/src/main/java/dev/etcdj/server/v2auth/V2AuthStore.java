package dev.etcdj.server.v2auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.CommonPools;
import dev.etcdj.api.internal.V2Request;
import dev.etcdj.api.internal.V2Response;
import dev.etcdj.server.auth.Passwords;
import dev.etcdj.server.v2store.Event;
import dev.etcdj.server.v2store.NodeExtern;
import dev.etcdj.server.v2store.Paths;
import dev.etcdj.server.v2store.V2Error;
import dev.etcdj.server.v2store.V2Store;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users, roles and the enabled flag in the v2 store under {@value #PREFIX} (etcd's
 * {@code v2auth.store}). Plain reads come from this member's store; reads that precede a write
 * and all writes go through Raft as v2 requests, so every member holds the same auth data.
 */
public final class V2AuthStore {
  static final String PREFIX = "/2";
  private static final Logger LOG = LoggerFactory.getLogger("etcdserver/auth");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** etcd's v2 auth hashes with bcrypt's default cost, whatever {@code --bcrypt-cost} says. */
  private static final Passwords PASSWORDS = new Passwords(10);
  private static final Executor HASHING = CommonPools.blockingTaskExecutor();

  private final V2Store store;
  private final Function<V2Request, CompletableFuture<V2Response>> proposer;
  private volatile boolean directoriesEnsured;

  public V2AuthStore(V2Store store, Function<V2Request, CompletableFuture<V2Response>> proposer) {
    this.store = store;
    this.proposer = proposer;
  }

  /**
   * Hashes a few throwaway passwords at the lowest cost on a background thread, so bcrypt's code
   * is compiled before the first user is added: a cold JVM can take longer than etcdctl's 2s
   * per-request timeout for one cost-10 hash.
   */
  public void warmUpHashing() {
    Thread t = new Thread(() -> {
      Passwords cheap = new Passwords(4);
      for (int i = 0; i < 10; i++) {
        cheap.hash("warm-up");
      }
    }, "v2auth-bcrypt-warm-up");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
  }

  public boolean authEnabled() {
    try {
      return AuthJson.readBool(read("/enabled", false).value());
    } catch (V2Error e) {
      if (e.code() != V2Error.KEY_NOT_FOUND) {
        LOG.warn("failed to detect auth settings: {}", e.getMessage());
      }
      return false;
    } catch (IllegalArgumentException e) {
      LOG.warn("internal bookkeeping value for enabled isn't valid JSON: {}", e.getMessage());
      return false;
    }
  }

  static boolean checkPassword(V2User user, String password) {
    return Passwords.matches(user.password(), password);
  }

  public List<String> allUsers() {
    return children("/users/");
  }

  public V2User user(String name) {
    return user(name, false);
  }

  private V2User user(String name, boolean quorum) {
    try {
      return AuthJson.readUser(read("/users/" + name, quorum).value()).withRootRole();
    } catch (V2Error e) {
      throw e.code() == V2Error.KEY_NOT_FOUND ? V2AuthError.of(404, "User %s does not exist.", name) : e;
    }
  }

  /** A user as written, and whether it was created rather than updated. */
  record Saved(V2User user, boolean created) {}

  /** Creates the user, or updates it when it exists (a request with only a password may mean either). */
  Saved createOrUpdateUser(V2User user) {
    try {
      user(user.user(), true);
    } catch (V2AuthError | V2Error e) {
      return new Saved(createUser(user), true);
    }
    return new Saved(updateUser(user), false);
  }

  V2User createUser(V2User request) {
    V2User user = request.withRootRole();
    if (user.password().isEmpty()) {
      throw V2AuthError.of(400, "Cannot create user %s with an empty password", user.user());
    }
    String password = user.password();
    // bcrypt is slow: hash while the auth directories are being made
    CompletableFuture<String> hash = CompletableFuture.supplyAsync(() -> PASSWORDS.hash(password), HASHING);
    ensureDirectories();
    user = user.withPassword(hash.join());
    try {
      put("/users/" + user.user(), AuthJson.user(user), false);
    } catch (V2Error e) {
      throw e.code() == V2Error.NODE_EXIST ? V2AuthError.of(409, "User %s already exists.", user.user()) : e;
    }
    LOG.info("created a user (user-name: {})", user.user());
    return user;
  }

  void deleteUser(String name) {
    if (authEnabled() && name.equals(V2Role.ROOT)) {
      throw V2AuthError.of(403, "Cannot delete root user while auth is enabled.");
    }
    try {
      delete("/users/" + name);
    } catch (V2Error e) {
      throw e.code() == V2Error.KEY_NOT_FOUND ? V2AuthError.of(404, "User %s does not exist", name) : e;
    }
    LOG.info("deleted a user (user-name: {})", name);
  }

  V2User updateUser(V2User request) {
    V2User old = user(request.user(), true);
    V2User updated = old.merge(request, PASSWORDS::hash);
    if (updated.equals(old)) {
      throw V2AuthError.of(400, "User not updated. Use grant/revoke/password to update the user.");
    }
    put("/users/" + request.user(), AuthJson.user(updated), true);
    LOG.info("updated a user (user-name: {})", request.user());
    return updated;
  }

  /** The role names, root among them, sorted. */
  List<String> allRoles() {
    List<String> names = new ArrayList<>(children("/roles/"));
    names.add(V2Role.ROOT);
    names.sort(null);
    return names;
  }

  public V2Role role(String name) {
    return role(name, false);
  }

  private V2Role role(String name, boolean quorum) {
    if (name.equals(V2Role.ROOT)) {
      return V2Role.ROOT_ROLE;
    }
    try {
      return AuthJson.readRole(read("/roles/" + name, quorum).value());
    } catch (V2Error e) {
      throw e.code() == V2Error.KEY_NOT_FOUND ? V2AuthError.of(404, "Role %s does not exist.", name) : e;
    }
  }

  void createRole(V2Role role) {
    refuseRoot(role.role());
    try {
      put("/roles/" + role.role(), AuthJson.role(role), false);
    } catch (V2Error e) {
      throw e.code() == V2Error.NODE_EXIST ? V2AuthError.of(409, "Role %s already exists.", role.role()) : e;
    }
    LOG.info("created a new role (role-name: {})", role.role());
  }

  void deleteRole(String name) {
    refuseRoot(name);
    try {
      delete("/roles/" + name);
    } catch (V2Error e) {
      throw e.code() == V2Error.KEY_NOT_FOUND ? V2AuthError.of(404, "Role %s doesn't exist.", name) : e;
    }
    LOG.info("delete a new role (role-name: {})", name);
  }

  V2Role updateRole(V2Role request) {
    refuseRoot(request.role());
    V2Role old = role(request.role(), true);
    V2Role updated = old.merge(request);
    if (updated.equals(old)) {
      throw V2AuthError.of(400, "Role not updated. Use grant/revoke to update the role.");
    }
    put("/roles/" + request.role(), AuthJson.role(updated), true);
    LOG.info("updated a new role (role-name: {})", request.role());
    return updated;
  }

  void enableAuth() {
    if (authEnabled()) {
      throw V2AuthError.of(409, "already enabled");
    }
    try {
      user(V2Role.ROOT, true);
    } catch (V2AuthError | V2Error e) {
      throw V2AuthError.of(409, "No root user available, please create one");
    }
    try {
      role(V2Role.GUEST, true);
    } catch (V2AuthError | V2Error e) {
      LOG.info("no guest role access found; creating default (role-name: {})", V2Role.GUEST);
      createRole(V2Role.GUEST_ROLE);
    }
    put("/enabled", "true", true);
    LOG.info("enabled auth");
  }

  void disableAuth() {
    if (!authEnabled()) {
      throw V2AuthError.of(409, "already disabled");
    }
    put("/enabled", "false", true);
    LOG.info("disabled auth");
  }

  private static void refuseRoot(String role) {
    if (role.equals(V2Role.ROOT)) {
      throw V2AuthError.of(403, "Cannot modify role %s: is root role.", role);
    }
  }

  private List<String> children(String dir) {
    List<String> names = new ArrayList<>();
    try {
      List<NodeExtern> nodes = store.get(Paths.clean(PREFIX + dir), false, false).node().nodes();
      for (NodeExtern n : nodes == null ? List.<NodeExtern>of() : nodes) {
        names.add(n.key().substring(n.key().lastIndexOf('/') + 1));
      }
    } catch (V2Error e) {
      if (e.code() != V2Error.KEY_NOT_FOUND) {
        throw e;
      }
    }
    names.sort(null);
    return names;
  }

  /** The node at {@code /2<res>}: from this member's store, or through Raft for a quorum read. */
  private NodeExtern read(String res, boolean quorum) {
    String path = Paths.clean(PREFIX + res);
    if (!quorum) {
      Event e = store.get(path, false, false);
      return e.node();
    }
    String json = propose(V2Request.newBuilder().setMethod("QGET").setPath(path).build()).getEventJson();
    try {
      var value = MAPPER.readTree(json).path("node").path("value");
      return new NodeExtern(path, value.isTextual() ? value.textValue() : null, !value.isTextual(), null, 0,
          null, 0, 0);
    } catch (IOException e) {
      throw new IllegalStateException("unreadable v2 event " + json, e);
    }
  }

  private void put(String res, String value, boolean prevExist) {
    ensureDirectories();
    propose(V2Request.newBuilder().setMethod("PUT").setPath(Paths.clean(PREFIX + res)).setVal(value)
        .setPrevExist(prevExist)
        .build());
  }

  private void delete(String res) {
    ensureDirectories();
    propose(V2Request.newBuilder().setMethod("DELETE").setPath(Paths.clean(PREFIX + res)).setPrevExist(true).build());
  }

  /**
   * Creates {@code /2}, {@code /2/users}, {@code /2/roles} and {@code /2/enabled} (false) as etcd
   * does before its first auth write; proposed together, the ones that exist
   * refused.
   */
  private void ensureDirectories() {
    if (directoriesEnsured) {
      return;
    }
    List<V2Request> wanted = new ArrayList<>();
    for (String dir : List.of(PREFIX, PREFIX + "/users", PREFIX + "/roles")) {
      wanted.add(V2Request.newBuilder().setMethod("PUT").setPath(dir).setDir(true).setPrevExist(false).build());
    }
    wanted.add(V2Request.newBuilder().setMethod("PUT").setPath(PREFIX + "/enabled").setVal("false")
        .setPrevExist(false).build());
    List<CompletableFuture<V2Response>> pending = new ArrayList<>();
    for (V2Request r : wanted) {
      pending.add(proposer.apply(r));
    }
    for (CompletableFuture<V2Response> p : pending) {
      try {
        p.join();
      } catch (CompletionException e) {
        if (!(e.getCause() instanceof V2Error v2) || v2.code() != V2Error.NODE_EXIST) {
          LOG.warn("failed to create auth directories: {}", e.getCause().getMessage());
          throw e.getCause() instanceof RuntimeException r ? r : e;
        }
      }
    }
    directoriesEnsured = true;
  }

  private V2Response propose(V2Request request) {
    try {
      return proposer.apply(request).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }
}

package dev.etcdj.server.v2auth;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import dev.etcdj.server.v2store.Paths;
import dev.etcdj.server.v2store.V2Error;
import dev.etcdj.server.v2store.V2Json;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /v2/auth/enable}, {@code /v2/auth/users[/name]} and {@code /v2/auth/roles[/name]}
 * (etcd's v2http authHandler). It blocks on Raft and bcrypt: run it off the event loop.
 */
public final class V2AuthHandler {
  public static final String PREFIX = "/v2/auth";

  private final V2AuthStore store;
  private final V2AccessControl access;
  private final long clusterId;

  public V2AuthHandler(V2AuthStore store, V2AccessControl access, long clusterId) {
    this.store = store;
    this.access = access;
    this.clusterId = clusterId;
  }

  /** Answers the request for {@code path} (the decoded URL path), or null when no route matches. */
  public HttpResponse serve(AggregatedHttpRequest req, String path, V2Caller caller) {
    String method = req.method().name();
    try {
      return switch (path) {
        case PREFIX + "/enable" -> enableDisable(method, caller, path);
        case PREFIX + "/users" -> allUsers(method, caller, path);
        case PREFIX + "/roles" -> allRoles(method, caller, path);
        default -> named(req, path, caller);
      };
    } catch (V2AuthError e) {
      return reply(HttpStatus.valueOf(e.status()), AuthJson.message(e.getMessage()), true);
    } catch (V2Error e) {
      return v2Error(e);
    } catch (RuntimeException e) {
      return v2Error(new V2Error(V2Error.RAFT_INTERNAL, String.valueOf(e.getMessage()), 0));
    }
  }

  private HttpResponse named(AggregatedHttpRequest req, String path, V2Caller caller) {
    boolean users = path.startsWith(PREFIX + "/users/");
    if (!users && !path.startsWith(PREFIX + "/roles/")) {
      return HttpResponse.of(HttpStatus.NOT_FOUND, MediaType.PLAIN_TEXT_UTF_8, "404 page not found\n");
    }
    String[] pieces = Paths.clean(path.substring(PREFIX.length())).split("/", -1);
    String method = req.method().name();
    if (pieces.length == 2) {
      return users ? allUsers(method, caller, path) : allRoles(method, caller, path);
    }
    if (pieces.length != 3) {
      return reply(HttpStatus.BAD_REQUEST, AuthJson.message("Invalid path"), false);
    }
    if (!List.of("GET", "PUT", "DELETE").contains(method)) {
      return methodNotAllowed("GET,PUT,DELETE");
    }
    if (!access.hasRootAccess(caller, path)) {
      return noAuth();
    }
    return users ? user(method, pieces[2], req.contentUtf8()) : role(method, pieces[2], req.contentUtf8());
  }

  private HttpResponse allUsers(String method, V2Caller caller, String path) {
    if (!method.equals("GET")) {
      return methodNotAllowed("GET");
    }
    if (!access.hasRootAccess(caller, path)) {
      return noAuth();
    }
    List<String> items = new ArrayList<>();
    for (String name : store.allUsers()) {
      V2User u = store.user(name);
      List<V2Role> roles = new ArrayList<>();
      for (String roleName : u.roles() == null ? List.<String>of() : u.roles()) {
        try {
          roles.add(store.role(roleName));
        } catch (V2AuthError | V2Error e) {
          // etcd lists a user even when one of its roles is gone
        }
      }
      items.add(AuthJson.userWithRoles(u.user(), roles));
    }
    return ok(AuthJson.collection("users", items));
  }

  private HttpResponse allRoles(String method, V2Caller caller, String path) {
    if (!method.equals("GET")) {
      return methodNotAllowed("GET");
    }
    if (!access.hasRootAccess(caller, path)) {
      return noAuth();
    }
    List<String> items = new ArrayList<>();
    for (String name : store.allRoles()) {
      items.add(AuthJson.role(store.role(name)));
    }
    return ok(AuthJson.collection("roles", items));
  }

  private HttpResponse user(String method, String name, String body) {
    switch (method) {
      case "GET" -> {
        V2User u = store.user(name);
        List<V2Role> roles = new ArrayList<>();
        for (String roleName : u.roles() == null ? List.<String>of() : u.roles()) {
          roles.add(store.role(roleName));
        }
        return ok(AuthJson.userWithRoles(u.user(), roles));
      }
      case "PUT" -> {
        V2User in;
        try {
          in = AuthJson.readUser(body);
        } catch (IllegalArgumentException e) {
          return badRequest("Invalid JSON in request body.");
        }
        if (!in.user().equals(name)) {
          return badRequest("User JSON name does not match the name in the URL");
        }
        boolean noChanges = isEmpty(in.grant()) && isEmpty(in.revoke());
        if (!noChanges && !isEmpty(in.roles())) {
          return badRequest("User JSON contains both roles and grant/revoke");
        }
        V2User out;
        boolean created = false;
        if (noChanges && !isEmpty(in.roles())) {
          out = store.createUser(in);
        } else if (noChanges) {
          // no roles: a new user, or a password change of an existing one
          V2AuthStore.Saved saved = store.createOrUpdateUser(in);
          out = saved.user();
          created = saved.created();
        } else {
          out = store.updateUser(in);
        }
        return reply(created ? HttpStatus.CREATED : HttpStatus.OK, AuthJson.user(out.withPassword("")) + "\n", true);
      }
      default -> {
        store.deleteUser(name);
        return reply(HttpStatus.OK, "", true);
      }
    }
  }

  private HttpResponse role(String method, String name, String body) {
    switch (method) {
      case "GET" -> {
        return ok(AuthJson.role(store.role(name)));
      }
      case "PUT" -> {
        V2Role in;
        try {
          in = AuthJson.readRole(body);
        } catch (IllegalArgumentException e) {
          return badRequest("Invalid JSON in request body.");
        }
        if (!in.role().equals(name)) {
          return badRequest("Role JSON name does not match the name in the URL");
        }
        if (isEmpty(in.grant()) && isEmpty(in.revoke())) {
          store.createRole(in);
          return reply(HttpStatus.CREATED, AuthJson.role(in) + "\n", true);
        }
        if (!in.permissions().isEmpty()) {
          return badRequest("Role JSON contains both permissions and grant/revoke");
        }
        return ok(AuthJson.role(store.updateRole(in)));
      }
      default -> {
        store.deleteRole(name);
        return reply(HttpStatus.OK, "", true);
      }
    }
  }

  private HttpResponse enableDisable(String method, V2Caller caller, String path) {
    if (!List.of("GET", "PUT", "DELETE").contains(method)) {
      return methodNotAllowed("GET,PUT,DELETE");
    }
    if (!access.hasWriteRootAccess(caller, method, path)) {
      return noAuth();
    }
    boolean enabled = store.authEnabled();
    switch (method) {
      case "GET" -> {
        return ok("{\"enabled\":" + enabled + "}");
      }
      case "PUT" -> store.enableAuth();
      default -> store.disableAuth();
    }
    return reply(HttpStatus.OK, "", true);
  }

  private static boolean isEmpty(List<String> list) {
    return list == null || list.isEmpty();
  }

  private static boolean isEmpty(KvPermissions p) {
    return p == null || p.isEmpty();
  }

  private HttpResponse ok(String json) {
    return reply(HttpStatus.OK, json + "\n", true);
  }

  private HttpResponse badRequest(String message) {
    return reply(HttpStatus.BAD_REQUEST, AuthJson.message(message), true);
  }

  /** The cluster ID goes out once the caller passed the checks, as in etcd. */
  private HttpResponse reply(HttpStatus status, String body, boolean withClusterId) {
    com.linecorp.armeria.common.ResponseHeadersBuilder h = ResponseHeaders.builder(status).contentType(MediaType.JSON);
    if (withClusterId) {
      h.add("X-Etcd-Cluster-ID", Long.toHexString(clusterId));
    }
    return HttpResponse.of(h.build(), HttpData.ofUtf8(body));
  }

  private HttpResponse v2Error(V2Error e) {
    ResponseHeaders h = ResponseHeaders.builder(HttpStatus.valueOf(e.httpStatus())).contentType(MediaType.JSON)
        .add("X-Etcd-Cluster-ID", Long.toHexString(clusterId))
        .add("X-Etcd-Index", Long.toUnsignedString(e.index())).build();
    return HttpResponse.of(h, HttpData.ofUtf8(V2Json.error(e)));
  }

  /** etcd's writeNoAuth: 401 with an HTTP error body. */
  public static HttpResponse noAuth() {
    return HttpResponse.of(ResponseHeaders.of(HttpStatus.UNAUTHORIZED, "content-type", MediaType.JSON.toString()),
        HttpData.ofUtf8(AuthJson.message("Insufficient credentials")));
  }

  private static HttpResponse methodNotAllowed(String allow) {
    ResponseHeaders h = ResponseHeaders.builder(HttpStatus.METHOD_NOT_ALLOWED)
        .contentType(MediaType.PLAIN_TEXT_UTF_8).add("X-Content-Type-Options", "nosniff").add("Allow", allow).build();
    return HttpResponse.of(h, HttpData.ofUtf8("Method Not Allowed\n"));
  }
}

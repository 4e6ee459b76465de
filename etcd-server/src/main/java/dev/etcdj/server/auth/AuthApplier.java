package dev.etcdj.server.auth;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import dev.etcdj.api.AuthDisableResponse;
import dev.etcdj.api.AuthEnableResponse;
import dev.etcdj.api.AuthRoleAddResponse;
import dev.etcdj.api.AuthRoleDeleteResponse;
import dev.etcdj.api.AuthRoleGetResponse;
import dev.etcdj.api.AuthRoleGrantPermissionResponse;
import dev.etcdj.api.AuthRoleListResponse;
import dev.etcdj.api.AuthRoleRevokePermissionResponse;
import dev.etcdj.api.AuthUserAddResponse;
import dev.etcdj.api.AuthUserChangePasswordResponse;
import dev.etcdj.api.AuthUserDeleteResponse;
import dev.etcdj.api.AuthUserGetResponse;
import dev.etcdj.api.AuthUserGrantRoleResponse;
import dev.etcdj.api.AuthUserListResponse;
import dev.etcdj.api.AuthUserRevokeRoleResponse;
import dev.etcdj.api.AuthenticateResponse;
import dev.etcdj.api.ResponseHeader;
import dev.etcdj.api.Role;
import dev.etcdj.api.User;
import dev.etcdj.api.internal.InternalRequest;
import dev.etcdj.server.EtcdError;
import dev.etcdj.server.EtcdException;

/**
 * The apply side of auth (etcd's authApplierV3 and the auth part of applierV3backend): checks
 * that the user in a replicated request's header may do it, at the auth revision it was
 * checked at when proposed, and applies the Auth service's requests to the {@link AuthStore}.
 */
public final class AuthApplier {
  private final AuthStore store;
  private final TokenProvider tokens;
  private final RequestPermissions permissions;

  public AuthApplier(AuthStore store, TokenProvider tokens, RequestPermissions permissions) {
    this.store = store;
    this.tokens = tokens;
    this.permissions = permissions;
  }

  /** The error a request fails with for lack of rights, or null if it may be applied. */
  public EtcdException deny(InternalRequest r) {
    if (!store.enabled()) {
      return null;
    }
    AuthInfo who = new AuthInfo(r.getHeader().getUsername(), r.getHeader().getAuthRevision());
    try {
      switch (r.getRequestCase()) {
        case PUT -> permissions.put(who, r.getPut());
        case DELETE_RANGE -> permissions.deleteRange(who, r.getDeleteRange());
        case TXN -> permissions.txn(who, r.getTxn());
        case RANGE -> permissions.range(who, r.getRange());
        case AUTH_ENABLE, AUTH_DISABLE, AUTH_USER_ADD, AUTH_USER_DELETE, AUTH_USER_CHANGE_PASSWORD,
            AUTH_USER_GRANT_ROLE, AUTH_USER_REVOKE_ROLE, AUTH_ROLE_ADD, AUTH_ROLE_GRANT_PERMISSION,
            AUTH_ROLE_REVOKE_PERMISSION, AUTH_ROLE_DELETE, AUTH_USER_LIST, AUTH_ROLE_LIST -> store.checkAdmin(who);
        case AUTH_USER_GET -> {
          if (!r.getAuthUserGet().getName().equals(who.user())) {
            store.checkAdmin(who);
          }
        }
        case AUTH_ROLE_GET -> {
          if (!store.hasRole(who.user(), r.getAuthRoleGet().getRole())) {
            store.checkAdmin(who);
          }
        }
        default -> { }
      }
      return null;
    } catch (EtcdException e) {
      return e;
    }
  }

  public static boolean handles(InternalRequest r) {
    return switch (r.getRequestCase()) {
      case AUTHENTICATE, AUTH_ENABLE, AUTH_DISABLE, AUTH_USER_ADD, AUTH_USER_DELETE, AUTH_USER_CHANGE_PASSWORD,
          AUTH_USER_GRANT_ROLE, AUTH_USER_GET, AUTH_USER_REVOKE_ROLE, AUTH_ROLE_ADD, AUTH_ROLE_GRANT_PERMISSION,
          AUTH_ROLE_GET, AUTH_ROLE_REVOKE_PERMISSION, AUTH_ROLE_DELETE, AUTH_USER_LIST, AUTH_ROLE_LIST -> true;
      default -> false;
    };
  }

  /** Applies an Auth request of the entry at {@code index}; throws etcd's errors. */
  public Message apply(InternalRequest r, AuthMeta meta, long index) {
    ResponseHeader h = ResponseHeader.getDefaultInstance();
    switch (r.getRequestCase()) {
      case AUTHENTICATE -> {
        if (!store.enabled()) {
          throw EtcdError.AUTH_NOT_ENABLED.exception();
        }
        String name = r.getAuthenticate().getName();
        User u = store.user(name);
        if (u == null || u.getOptions().getNoPassword()) {
          throw EtcdError.AUTH_FAILED.exception();
        }
        String token = tokens.assign(name, store.revision(), r.getAuthenticate().getSimpleToken(), index);
        return AuthenticateResponse.newBuilder().setHeader(h).setToken(token).build();
      }
      case AUTH_ENABLE -> {
        boolean wasEnabled = store.enabled();
        store.enable(meta);
        if (!wasEnabled) {
          tokens.enable();
        }
        return AuthEnableResponse.newBuilder().setHeader(h).build();
      }
      case AUTH_DISABLE -> {
        if (store.disable(meta)) {
          tokens.disable();
        }
        return AuthDisableResponse.newBuilder().setHeader(h).build();
      }
      case AUTH_USER_ADD -> {
        var q = r.getAuthUserAdd();
        boolean noPassword = q.getOptions().getNoPassword();
        store.userAdd(meta, q.getName(), noPassword ? ByteString.EMPTY : ByteString.copyFromUtf8(q.getPassword()),
            noPassword);
        return AuthUserAddResponse.newBuilder().setHeader(h).build();
      }
      case AUTH_USER_DELETE -> {
        store.userDelete(meta, r.getAuthUserDelete().getName());
        tokens.invalidateUser(r.getAuthUserDelete().getName());
        return AuthUserDeleteResponse.newBuilder().setHeader(h).build();
      }
      case AUTH_USER_CHANGE_PASSWORD -> {
        var q = r.getAuthUserChangePassword();
        store.userChangePassword(meta, q.getName(), ByteString.copyFromUtf8(q.getPassword()));
        tokens.invalidateUser(q.getName());
        return AuthUserChangePasswordResponse.newBuilder().setHeader(h).build();
      }
      case AUTH_USER_GRANT_ROLE -> {
        store.userGrantRole(meta, r.getAuthUserGrantRole().getUser(), r.getAuthUserGrantRole().getRole());
        return AuthUserGrantRoleResponse.newBuilder().setHeader(h).build();
      }
      case AUTH_USER_REVOKE_ROLE -> {
        store.userRevokeRole(meta, r.getAuthUserRevokeRole().getName(), r.getAuthUserRevokeRole().getRole());
        return AuthUserRevokeRoleResponse.newBuilder().setHeader(h).build();
      }
      case AUTH_USER_GET -> {
        User u = store.user(r.getAuthUserGet().getName());
        if (u == null) {
          throw EtcdError.USER_NOT_FOUND.exception();
        }
        return AuthUserGetResponse.newBuilder().setHeader(h).addAllRoles(u.getRolesList()).build();
      }
      case AUTH_USER_LIST -> {
        return AuthUserListResponse.newBuilder().setHeader(h).addAllUsers(store.userNames()).build();
      }
      case AUTH_ROLE_ADD -> {
        store.roleAdd(meta, r.getAuthRoleAdd().getName());
        return AuthRoleAddResponse.newBuilder().setHeader(h).build();
      }
      case AUTH_ROLE_DELETE -> {
        store.roleDelete(meta, r.getAuthRoleDelete().getRole());
        return AuthRoleDeleteResponse.newBuilder().setHeader(h).build();
      }
      case AUTH_ROLE_GET -> {
        Role role = store.role(r.getAuthRoleGet().getRole());
        if (role == null) {
          throw EtcdError.ROLE_NOT_FOUND.exception();
        }
        return AuthRoleGetResponse.newBuilder().setHeader(h).addAllPerm(role.getKeyPermissionList()).build();
      }
      case AUTH_ROLE_LIST -> {
        return AuthRoleListResponse.newBuilder().setHeader(h).addAllRoles(store.roleNames()).build();
      }
      case AUTH_ROLE_GRANT_PERMISSION -> {
        store.roleGrantPermission(meta, r.getAuthRoleGrantPermission().getName(),
            r.getAuthRoleGrantPermission().getPerm());
        return AuthRoleGrantPermissionResponse.newBuilder().setHeader(h).build();
      }
      case AUTH_ROLE_REVOKE_PERMISSION -> {
        var q = r.getAuthRoleRevokePermission();
        store.roleRevokePermission(meta, q.getRole(), q.getKey(), q.getRangeEnd());
        return AuthRoleRevokePermissionResponse.newBuilder().setHeader(h).build();
      }
      default -> throw EtcdError.NOT_CAPABLE.exception();
    }
  }
}

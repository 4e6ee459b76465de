package dev.etcdj.server.auth;

import dev.etcdj.api.AuthDisableRequest;
import dev.etcdj.api.AuthEnableRequest;
import dev.etcdj.api.AuthRoleAddRequest;
import dev.etcdj.api.AuthRoleDeleteRequest;
import dev.etcdj.api.AuthRoleGetRequest;
import dev.etcdj.api.AuthRoleGrantPermissionRequest;
import dev.etcdj.api.AuthRoleListRequest;
import dev.etcdj.api.AuthRoleRevokePermissionRequest;
import dev.etcdj.api.AuthUserAddRequest;
import dev.etcdj.api.AuthUserChangePasswordRequest;
import dev.etcdj.api.AuthUserDeleteRequest;
import dev.etcdj.api.AuthUserGetRequest;
import dev.etcdj.api.AuthUserGrantRoleRequest;
import dev.etcdj.api.AuthUserListRequest;
import dev.etcdj.api.AuthUserRevokeRoleRequest;
import dev.etcdj.api.AuthenticateRequest;
import dev.etcdj.server.http.JsonGateway;

/** The JSON gateway's {@code /v3/auth/...} routes (etcd's google.api.http paths for Auth). */
public final class AuthRoutes {
  private AuthRoutes() {}

  public static void register(JsonGateway gateway, AuthService auth) {
    gateway.route("auth/enable", AuthEnableRequest.getDefaultInstance(), auth::authEnable)
        .route("auth/disable", AuthDisableRequest.getDefaultInstance(), auth::authDisable)
        .route("auth/authenticate", AuthenticateRequest.getDefaultInstance(), auth::authenticate)
        .route("auth/user/add", AuthUserAddRequest.getDefaultInstance(), auth::userAdd)
        .route("auth/user/get", AuthUserGetRequest.getDefaultInstance(), auth::userGet)
        .route("auth/user/list", AuthUserListRequest.getDefaultInstance(), auth::userList)
        .route("auth/user/delete", AuthUserDeleteRequest.getDefaultInstance(), auth::userDelete)
        .route("auth/user/changepw", AuthUserChangePasswordRequest.getDefaultInstance(), auth::userChangePassword)
        .route("auth/user/grant", AuthUserGrantRoleRequest.getDefaultInstance(), auth::userGrantRole)
        .route("auth/user/revoke", AuthUserRevokeRoleRequest.getDefaultInstance(), auth::userRevokeRole)
        .route("auth/role/add", AuthRoleAddRequest.getDefaultInstance(), auth::roleAdd)
        .route("auth/role/get", AuthRoleGetRequest.getDefaultInstance(), auth::roleGet)
        .route("auth/role/list", AuthRoleListRequest.getDefaultInstance(), auth::roleList)
        .route("auth/role/delete", AuthRoleDeleteRequest.getDefaultInstance(), auth::roleDelete)
        .route("auth/role/grant", AuthRoleGrantPermissionRequest.getDefaultInstance(), auth::roleGrantPermission)
        .route("auth/role/revoke", AuthRoleRevokePermissionRequest.getDefaultInstance(), auth::roleRevokePermission);
  }
}

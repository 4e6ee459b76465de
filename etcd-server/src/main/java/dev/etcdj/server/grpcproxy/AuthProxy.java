package dev.etcdj.server.grpcproxy;

import dev.etcdj.api.AuthDisableRequest;
import dev.etcdj.api.AuthDisableResponse;
import dev.etcdj.api.AuthEnableRequest;
import dev.etcdj.api.AuthEnableResponse;
import dev.etcdj.api.AuthGrpc;
import dev.etcdj.api.AuthRoleAddRequest;
import dev.etcdj.api.AuthRoleAddResponse;
import dev.etcdj.api.AuthRoleDeleteRequest;
import dev.etcdj.api.AuthRoleDeleteResponse;
import dev.etcdj.api.AuthRoleGetRequest;
import dev.etcdj.api.AuthRoleGetResponse;
import dev.etcdj.api.AuthRoleGrantPermissionRequest;
import dev.etcdj.api.AuthRoleGrantPermissionResponse;
import dev.etcdj.api.AuthRoleListRequest;
import dev.etcdj.api.AuthRoleListResponse;
import dev.etcdj.api.AuthRoleRevokePermissionRequest;
import dev.etcdj.api.AuthRoleRevokePermissionResponse;
import dev.etcdj.api.AuthUserAddRequest;
import dev.etcdj.api.AuthUserAddResponse;
import dev.etcdj.api.AuthUserChangePasswordRequest;
import dev.etcdj.api.AuthUserChangePasswordResponse;
import dev.etcdj.api.AuthUserDeleteRequest;
import dev.etcdj.api.AuthUserDeleteResponse;
import dev.etcdj.api.AuthUserGetRequest;
import dev.etcdj.api.AuthUserGetResponse;
import dev.etcdj.api.AuthUserGrantRoleRequest;
import dev.etcdj.api.AuthUserGrantRoleResponse;
import dev.etcdj.api.AuthUserListRequest;
import dev.etcdj.api.AuthUserListResponse;
import dev.etcdj.api.AuthUserRevokeRoleRequest;
import dev.etcdj.api.AuthUserRevokeRoleResponse;
import dev.etcdj.api.AuthenticateRequest;
import dev.etcdj.api.AuthenticateResponse;
import io.grpc.stub.StreamObserver;

/** The Auth service of the proxy: forwarded with the caller's token. */
final class AuthProxy extends AuthGrpc.AuthImplBase {
  private final AuthGrpc.AuthStub auth;

  AuthProxy(Upstream upstream) {
    this.auth = AuthGrpc.newStub(upstream.channel());
  }

  @Override
  public void authEnable(AuthEnableRequest r, StreamObserver<AuthEnableResponse> out) {
    Upstream.asCaller(auth).authEnable(r, Relay.to(out));
  }

  @Override
  public void authDisable(AuthDisableRequest r, StreamObserver<AuthDisableResponse> out) {
    Upstream.asCaller(auth).authDisable(r, Relay.to(out));
  }

  @Override
  public void authenticate(AuthenticateRequest r, StreamObserver<AuthenticateResponse> out) {
    Upstream.asCaller(auth).authenticate(r, Relay.to(out));
  }

  @Override
  public void userAdd(AuthUserAddRequest r, StreamObserver<AuthUserAddResponse> out) {
    Upstream.asCaller(auth).userAdd(r, Relay.to(out));
  }

  @Override
  public void userGet(AuthUserGetRequest r, StreamObserver<AuthUserGetResponse> out) {
    Upstream.asCaller(auth).userGet(r, Relay.to(out));
  }

  @Override
  public void userList(AuthUserListRequest r, StreamObserver<AuthUserListResponse> out) {
    Upstream.asCaller(auth).userList(r, Relay.to(out));
  }

  @Override
  public void userDelete(AuthUserDeleteRequest r, StreamObserver<AuthUserDeleteResponse> out) {
    Upstream.asCaller(auth).userDelete(r, Relay.to(out));
  }

  @Override
  public void userChangePassword(AuthUserChangePasswordRequest r, StreamObserver<AuthUserChangePasswordResponse> out) {
    Upstream.asCaller(auth).userChangePassword(r, Relay.to(out));
  }

  @Override
  public void userGrantRole(AuthUserGrantRoleRequest r, StreamObserver<AuthUserGrantRoleResponse> out) {
    Upstream.asCaller(auth).userGrantRole(r, Relay.to(out));
  }

  @Override
  public void userRevokeRole(AuthUserRevokeRoleRequest r, StreamObserver<AuthUserRevokeRoleResponse> out) {
    Upstream.asCaller(auth).userRevokeRole(r, Relay.to(out));
  }

  @Override
  public void roleAdd(AuthRoleAddRequest r, StreamObserver<AuthRoleAddResponse> out) {
    Upstream.asCaller(auth).roleAdd(r, Relay.to(out));
  }

  @Override
  public void roleGet(AuthRoleGetRequest r, StreamObserver<AuthRoleGetResponse> out) {
    Upstream.asCaller(auth).roleGet(r, Relay.to(out));
  }

  @Override
  public void roleList(AuthRoleListRequest r, StreamObserver<AuthRoleListResponse> out) {
    Upstream.asCaller(auth).roleList(r, Relay.to(out));
  }

  @Override
  public void roleDelete(AuthRoleDeleteRequest r, StreamObserver<AuthRoleDeleteResponse> out) {
    Upstream.asCaller(auth).roleDelete(r, Relay.to(out));
  }

  @Override
  public void roleGrantPermission(AuthRoleGrantPermissionRequest r, StreamObserver<AuthRoleGrantPermissionResponse> out) {
    Upstream.asCaller(auth).roleGrantPermission(r, Relay.to(out));
  }

  @Override
  public void roleRevokePermission(AuthRoleRevokePermissionRequest r, StreamObserver<AuthRoleRevokePermissionResponse> out) {
    Upstream.asCaller(auth).roleRevokePermission(r, Relay.to(out));
  }
}

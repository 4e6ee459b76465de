package dev.etcdj.server.auth;

import com.google.protobuf.Message;
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
import dev.etcdj.api.ResponseHeader;
import dev.etcdj.api.User;
import dev.etcdj.api.internal.InternalAuthenticateRequest;
import dev.etcdj.api.internal.InternalRequest;
import dev.etcdj.server.EtcdError;
import dev.etcdj.server.api.Headers;
import dev.etcdj.server.api.Responses;
import dev.etcdj.server.core.Proposals;
import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Auth service (etcd's AuthServer and the Authenticator part of EtcdServer): every request
 * goes through Raft. Passwords are checked, and new ones bcrypt-hashed, here on the proposing
 * member, off the event loop, before anything is proposed.
 */
public final class AuthService extends AuthGrpc.AuthImplBase {
  private static final Logger LOG = LoggerFactory.getLogger("etcdserver");

  private final AuthStore store;
  private final TokenProvider tokens;
  private final Passwords passwords;
  private final Proposals proposals;
  private final Supplier<CompletableFuture<Void>> linearizableBarrier;
  private final Headers headers;
  private final Executor blocking;

  public AuthService(AuthStore store, TokenProvider tokens, Passwords passwords, Proposals proposals,
      Supplier<CompletableFuture<Void>> linearizableBarrier, Headers headers, Executor blocking) {
    this.store = store;
    this.tokens = tokens;
    this.passwords = passwords;
    this.proposals = proposals;
    this.linearizableBarrier = linearizableBarrier;
    this.headers = headers;
    this.blocking = blocking;
  }

  @Override
  public void authEnable(AuthEnableRequest r, StreamObserver<AuthEnableResponse> out) {
    propose(InternalRequest.newBuilder().setAuthEnable(r), out, (AuthEnableResponse x) -> x.toBuilder()
        .setHeader(fill(x.getHeader())).build());
  }

  @Override
  public void authDisable(AuthDisableRequest r, StreamObserver<AuthDisableResponse> out) {
    propose(InternalRequest.newBuilder().setAuthDisable(r), out, (AuthDisableResponse x) -> x.toBuilder()
        .setHeader(fill(x.getHeader())).build());
  }

  @Override
  public void authenticate(AuthenticateRequest r, StreamObserver<AuthenticateResponse> out) {
    Executor inContext = Context.current().fixedContextExecutor(blocking);
    Responses.reply(() -> linearizableBarrier.get().thenComposeAsync(v -> authenticate(r, inContext), inContext),
        x -> x.toBuilder().setHeader(fill(x.getHeader())).build(), out);
  }

  /** Checks the password, then proposes; again if the auth store changed meanwhile (as etcd). */
  private CompletableFuture<AuthenticateResponse> authenticate(AuthenticateRequest r, Executor inContext) {
    if (!store.enabled()) {
      throw EtcdError.AUTH_NOT_ENABLED.exception();
    }
    long checkedRevision = store.revision();
    User u = store.user(r.getName());
    if (u == null) {
      LOG.warn("invalid authentication was requested for user {}: user not found", r.getName());
      throw EtcdError.AUTH_FAILED.exception();
    }
    if (u.getOptions().getNoPassword()) {
      throw EtcdError.NO_PASSWORD_USER.exception();
    }
    if (!Passwords.matches(u.getPassword().toStringUtf8(), r.getPassword())) {
      LOG.warn("invalid authentication was requested for user {}: invalid password", r.getName());
      throw EtcdError.AUTH_FAILED.exception();
    }
    InternalRequest.Builder request = InternalRequest.newBuilder().setAuthenticate(
        InternalAuthenticateRequest.newBuilder().setName(r.getName()).setSimpleToken(tokens.newPrefix()));
    return proposals.<AuthenticateResponse>propose(request).thenComposeAsync(resp -> {
      if (checkedRevision == store.revision()) {
        return CompletableFuture.completedFuture(resp);
      }
      LOG.info("revision when password checked became stale; retrying");
      return authenticate(r, inContext);
    }, inContext);
  }

  @Override
  public void userAdd(AuthUserAddRequest r, StreamObserver<AuthUserAddResponse> out) {
    Executor inContext = Context.current().fixedContextExecutor(blocking);
    Responses.reply(() -> CompletableFuture.supplyAsync(() -> {
      AuthUserAddRequest hashed = r.getOptions().getNoPassword() || r.getName().isEmpty()
          ? r.toBuilder().clearPassword().build()
          : r.toBuilder().setPassword(passwords.hash(r.getPassword())).build();
      return InternalRequest.newBuilder().setAuthUserAdd(hashed);
    }, inContext).thenComposeAsync(proposals::<AuthUserAddResponse>propose, inContext),
        x -> x.toBuilder().setHeader(fill(x.getHeader())).build(), out);
  }

  @Override
  public void userChangePassword(AuthUserChangePasswordRequest r, StreamObserver<AuthUserChangePasswordResponse> out) {
    Executor inContext = Context.current().fixedContextExecutor(blocking);
    Responses.reply(() -> CompletableFuture.supplyAsync(() -> InternalRequest.newBuilder().setAuthUserChangePassword(
        r.toBuilder().setPassword(passwords.hash(r.getPassword()))), inContext)
        .thenComposeAsync(proposals::<AuthUserChangePasswordResponse>propose, inContext),
        x -> x.toBuilder().setHeader(fill(x.getHeader())).build(), out);
  }

  @Override
  public void userGet(AuthUserGetRequest r, StreamObserver<AuthUserGetResponse> out) {
    propose(InternalRequest.newBuilder().setAuthUserGet(r), out, (AuthUserGetResponse x) -> x.toBuilder()
        .setHeader(fill(x.getHeader())).build());
  }

  @Override
  public void userList(AuthUserListRequest r, StreamObserver<AuthUserListResponse> out) {
    propose(InternalRequest.newBuilder().setAuthUserList(r), out, (AuthUserListResponse x) -> x.toBuilder()
        .setHeader(fill(x.getHeader())).build());
  }

  @Override
  public void userDelete(AuthUserDeleteRequest r, StreamObserver<AuthUserDeleteResponse> out) {
    propose(InternalRequest.newBuilder().setAuthUserDelete(r), out, (AuthUserDeleteResponse x) -> x.toBuilder()
        .setHeader(fill(x.getHeader())).build());
  }

  @Override
  public void userGrantRole(AuthUserGrantRoleRequest r, StreamObserver<AuthUserGrantRoleResponse> out) {
    propose(InternalRequest.newBuilder().setAuthUserGrantRole(r), out, (AuthUserGrantRoleResponse x) -> x.toBuilder()
        .setHeader(fill(x.getHeader())).build());
  }

  @Override
  public void userRevokeRole(AuthUserRevokeRoleRequest r, StreamObserver<AuthUserRevokeRoleResponse> out) {
    propose(InternalRequest.newBuilder().setAuthUserRevokeRole(r), out, (AuthUserRevokeRoleResponse x) ->
        x.toBuilder().setHeader(fill(x.getHeader())).build());
  }

  @Override
  public void roleAdd(AuthRoleAddRequest r, StreamObserver<AuthRoleAddResponse> out) {
    propose(InternalRequest.newBuilder().setAuthRoleAdd(r), out, (AuthRoleAddResponse x) -> x.toBuilder()
        .setHeader(fill(x.getHeader())).build());
  }

  @Override
  public void roleGet(AuthRoleGetRequest r, StreamObserver<AuthRoleGetResponse> out) {
    propose(InternalRequest.newBuilder().setAuthRoleGet(r), out, (AuthRoleGetResponse x) -> x.toBuilder()
        .setHeader(fill(x.getHeader())).build());
  }

  @Override
  public void roleList(AuthRoleListRequest r, StreamObserver<AuthRoleListResponse> out) {
    propose(InternalRequest.newBuilder().setAuthRoleList(r), out, (AuthRoleListResponse x) -> x.toBuilder()
        .setHeader(fill(x.getHeader())).build());
  }

  @Override
  public void roleDelete(AuthRoleDeleteRequest r, StreamObserver<AuthRoleDeleteResponse> out) {
    propose(InternalRequest.newBuilder().setAuthRoleDelete(r), out, (AuthRoleDeleteResponse x) -> x.toBuilder()
        .setHeader(fill(x.getHeader())).build());
  }

  @Override
  public void roleGrantPermission(AuthRoleGrantPermissionRequest r,
      StreamObserver<AuthRoleGrantPermissionResponse> out) {
    propose(InternalRequest.newBuilder().setAuthRoleGrantPermission(r), out,
        (AuthRoleGrantPermissionResponse x) -> x.toBuilder().setHeader(fill(x.getHeader())).build());
  }

  @Override
  public void roleRevokePermission(AuthRoleRevokePermissionRequest r,
      StreamObserver<AuthRoleRevokePermissionResponse> out) {
    propose(InternalRequest.newBuilder().setAuthRoleRevokePermission(r), out,
        (AuthRoleRevokePermissionResponse x) -> x.toBuilder().setHeader(fill(x.getHeader())).build());
  }

  private <T extends Message> void propose(InternalRequest.Builder request, StreamObserver<T> out, Function<T, T> finish) {
    Responses.reply(() -> proposals.propose(request), finish, out);
  }

  private ResponseHeader fill(ResponseHeader h) {
    return headers.fill(h);
  }
}

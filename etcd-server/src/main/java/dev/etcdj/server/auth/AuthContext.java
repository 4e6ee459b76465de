package dev.etcdj.server.auth;

import dev.etcdj.server.EtcdError;
import io.grpc.Context;

/** The caller of the current gRPC call, as {@link AuthInterceptor} resolved it. */
public final class AuthContext {
  /** A valid caller ({@code info} null when none was given), or an invalid token. */
  record Caller(AuthInfo info, boolean invalidToken) {
    static final Caller ANONYMOUS = new Caller(null, false);
    static final Caller INVALID = new Caller(null, true);

    /** etcd's AuthInfoFromCtx: the user, NONE when none was given; fails for a bad token. */
    AuthInfo require() {
      if (invalidToken) {
        throw EtcdError.INVALID_AUTH_TOKEN.exception();
      }
      return info == null ? AuthInfo.NONE : info;
    }
  }

  static final Context.Key<Caller> KEY = Context.key("etcd-auth-caller");

  private AuthContext() {}

  /** The current call's user (NONE if none); throws "invalid auth token" for a bad token. */
  public static AuthInfo require() {
    Caller c = KEY.get();
    return c == null ? AuthInfo.NONE : c.require();
  }

  /** The current call's user for a proposal's header, or null when there is none. */
  public static AuthInfo currentOrNull() {
    Caller c = KEY.get();
    return c == null ? null : c.info();
  }
}

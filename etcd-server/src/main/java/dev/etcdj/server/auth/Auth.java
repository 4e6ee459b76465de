package dev.etcdj.server.auth;

import com.google.protobuf.ByteString;
import dev.etcdj.server.api.Headers;
import dev.etcdj.server.core.Proposals;
import dev.etcdj.storage.mvcc.MvccStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/** A member's auth parts, built from etcd's flags, for the member to wire in. */
public final class Auth {
  private final AuthStore store = new AuthStore();
  private final TokenProvider tokens;
  private final Passwords passwords;
  private final RequestPermissions permissions;
  private final boolean clientCertAuth;

  /**
   * @param leaseKeys the keys attached to a lease
   * @param appliedIndex completes once the entry at an index is applied here
   */
  public Auth(String authToken, long bcryptCost, long tokenTtlSeconds, boolean clientCertAuth,
      LongFunction<List<ByteString>> leaseKeys, LongFunction<CompletableFuture<Void>> appliedIndex) {
    this.tokens = TokenProviders.create(authToken, Duration.ofSeconds(tokenTtlSeconds), appliedIndex);
    this.passwords = new Passwords(bcryptCost);
    this.permissions = new RequestPermissions(store, leaseKeys);
    this.clientCertAuth = clientCertAuth;
  }

  /** Loads the auth state from the store (start, and after a snapshot replaced the store). */
  public void recover(MvccStore db) {
    store.load(db::scanMeta);
    if (store.enabled()) {
      tokens.enable();
    } else {
      tokens.disable();
    }
  }

  public AuthStore store() {
    return store;
  }

  public AuthApplier applier() {
    return new AuthApplier(store, tokens, permissions);
  }

  public AuthInterceptor interceptor() {
    return new AuthInterceptor(store, tokens, permissions, clientCertAuth);
  }

  public AuthService service(Proposals proposals, Supplier<CompletableFuture<Void>> linearizableBarrier,
      Headers headers, Executor blocking) {
    return new AuthService(store, tokens, passwords, proposals, linearizableBarrier, headers, blocking);
  }

  /** etcd's watch create check: null if allowed, else the cancel reason. */
  public String watchDenial(byte[] key, byte[] rangeEnd) {
    try {
      store.checkRead(AuthContext.require(), key, rangeEnd);
      return null;
    } catch (dev.etcdj.server.EtcdException e) {
      return switch (e.error()) {
        case INVALID_AUTH_TOKEN, AUTH_OLD_REVISION, USER_EMPTY -> e.getMessage();
        default -> dev.etcdj.server.EtcdError.PERMISSION_DENIED.message();
      };
    }
  }

}

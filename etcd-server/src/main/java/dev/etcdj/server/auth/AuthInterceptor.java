package dev.etcdj.server.auth;

import com.linecorp.armeria.server.ServiceRequestContext;
import dev.etcdj.api.DeleteRangeRequest;
import dev.etcdj.api.LeaseRevokeRequest;
import dev.etcdj.api.PutRequest;
import dev.etcdj.api.RangeRequest;
import dev.etcdj.api.TxnRequest;
import dev.etcdj.server.EtcdException;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Resolves who makes each gRPC call (etcd's AuthInfoFromCtx: the {@code token} metadata, else
 * with {@code --client-cert-auth} the verified client certificate's CN) and refuses a request
 * its caller may not make before it reaches the service, as etcd's API layer does: key
 * permissions for KV requests, the root role for defragment, hash, snapshot and membership
 * changes, a valid token for everything that goes through Raft.
 */
public final class AuthInterceptor implements ServerInterceptor {
  private static final Metadata.Key<String> TOKEN = Metadata.Key.of("token", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> SWAGGER_TOKEN =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> GATEWAY =
      Metadata.Key.of("grpcgateway-accept", Metadata.ASCII_STRING_MARSHALLER);

  /** A check of one request message; throws etcd's error to refuse it. */
  private interface Check {
    void accept(AuthContext.Caller caller, Object request);
  }

  private final AuthStore store;
  private final TokenProvider tokens;
  private final boolean clientCertAuth;
  private final Map<String, Check> checks = new HashMap<>();

  public AuthInterceptor(AuthStore store, TokenProvider tokens, RequestPermissions perms, boolean clientCertAuth) {
    this.store = store;
    this.tokens = tokens;
    this.clientCertAuth = clientCertAuth;
    checks.put("etcdserverpb.KV/Range", (c, m) -> perms.range(c.require(), (RangeRequest) m));
    checks.put("etcdserverpb.KV/Put", (c, m) -> perms.put(c.require(), (PutRequest) m));
    checks.put("etcdserverpb.KV/DeleteRange", (c, m) -> perms.deleteRange(c.require(), (DeleteRangeRequest) m));
    checks.put("etcdserverpb.KV/Txn", (c, m) -> perms.txn(c.require(), (TxnRequest) m));
    checks.put("etcdserverpb.Lease/LeaseRevoke",
        (c, m) -> perms.leaseKeys(c.require(), ((LeaseRevokeRequest) m).getID()));
    Check tokenValid = (c, m) -> c.require();
    for (String method : new String[] {"KV/Compact", "Lease/LeaseGrant", "Maintenance/Alarm"}) {
      checks.put("etcdserverpb." + method, tokenValid);
    }
    for (String method : new String[] {"AuthEnable", "AuthDisable", "Authenticate", "UserAdd", "UserGet",
        "UserList", "UserDelete", "UserChangePassword", "UserGrantRole", "UserRevokeRole", "RoleAdd", "RoleGet",
        "RoleList", "RoleDelete", "RoleGrantPermission", "RoleRevokePermission"}) {
      checks.put("etcdserverpb.Auth/" + method, tokenValid);
    }
    Check admin = (c, m) -> store.checkAdmin(c.require());
    for (String method : new String[] {"Cluster/MemberAdd", "Cluster/MemberRemove", "Cluster/MemberUpdate",
        "Cluster/MemberPromote"}) {
      checks.put("etcdserverpb." + method, admin);
    }
    Check rawAdmin = (c, m) -> {
      try {
        admin.accept(c, m);
      } catch (EtcdException e) {
        throw RawAuthErrors.status(e.error()).asRuntimeException();
      }
    };
    for (String method : new String[] {"Defragment", "Hash", "HashKV", "Snapshot"}) {
      checks.put("etcdserverpb.Maintenance/" + method, rawAdmin);
    }
  }

  /** The gRPC methods behind the JSON gateway's paths that have checks. */
  private static final Map<String, String> GATEWAY_METHODS = Map.ofEntries(
      Map.entry("kv/range", "etcdserverpb.KV/Range"), Map.entry("kv/put", "etcdserverpb.KV/Put"),
      Map.entry("kv/deleterange", "etcdserverpb.KV/DeleteRange"), Map.entry("kv/txn", "etcdserverpb.KV/Txn"),
      Map.entry("kv/compaction", "etcdserverpb.KV/Compact"), Map.entry("lease/grant", "etcdserverpb.Lease/LeaseGrant"),
      Map.entry("lease/revoke", "etcdserverpb.Lease/LeaseRevoke"),
      Map.entry("kv/lease/revoke", "etcdserverpb.Lease/LeaseRevoke"),
      Map.entry("maintenance/alarm", "etcdserverpb.Maintenance/Alarm"),
      Map.entry("maintenance/defragment", "etcdserverpb.Maintenance/Defragment"),
      Map.entry("maintenance/hash", "etcdserverpb.Maintenance/Hash"),
      Map.entry("cluster/member/add", "etcdserverpb.Cluster/MemberAdd"),
      Map.entry("cluster/member/remove", "etcdserverpb.Cluster/MemberRemove"),
      Map.entry("cluster/member/update", "etcdserverpb.Cluster/MemberUpdate"),
      Map.entry("cluster/member/promote", "etcdserverpb.Cluster/MemberPromote"));

  /**
   * Runs a JSON gateway call as etcd's gateway does: the Authorization header's token names the
   * caller (a client certificate never does), with the same checks as over gRPC.
   */
  public void runGatewayCall(String path, String authorization, Object request, Runnable call) {
    AuthContext.Caller caller = authorization == null ? AuthContext.Caller.ANONYMOUS
        : tokens.info(authorization, store.revision()).map(i -> new AuthContext.Caller(i, false))
            .orElse(AuthContext.Caller.INVALID);
    Check check = path.startsWith("auth/") ? (c, m) -> c.require() : checks.get(GATEWAY_METHODS.getOrDefault(path, ""));
    if (check != null) {
      try {
        check.accept(caller, request);
      } catch (EtcdException e) {
        throw e.error().status().asRuntimeException();
      }
    }
    Context.current().withValue(AuthContext.KEY, caller).run(call);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    AuthContext.Caller caller = resolve(call, headers);
    ServerCall.Listener<Q> listener =
        Contexts.interceptCall(Context.current().withValue(AuthContext.KEY, caller), call, headers, next);
    Check check = checks.get(call.getMethodDescriptor().getFullMethodName());
    if (check == null) {
      return listener;
    }
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
      private boolean refused;

      @Override
      public void onMessage(Q message) {
        if (refused) {
          return;
        }
        try {
          check.accept(caller, message);
        } catch (EtcdException e) {
          refused = true;
          call.close(e.error().status(), new Metadata());
          return;
        } catch (StatusRuntimeException e) {
          refused = true;
          call.close(e.getStatus(), new Metadata());
          return;
        }
        super.onMessage(message);
      }

      @Override
      public void onHalfClose() {
        if (!refused) {
          super.onHalfClose();
        }
      }
    };
  }

  private AuthContext.Caller resolve(ServerCall<?, ?> call, Metadata headers) {
    String token = headers.get(TOKEN);
    if (token == null) {
      token = headers.get(SWAGGER_TOKEN);
    }
    if (token != null) {
      Optional<AuthInfo> info = tokens.info(token, store.revision());
      return info.map(i -> new AuthContext.Caller(i, false)).orElse(AuthContext.Caller.INVALID);
    }
    if (!clientCertAuth || headers.containsKey(GATEWAY)) {
      return AuthContext.Caller.ANONYMOUS;
    }
    return commonName(call).map(cn -> new AuthContext.Caller(new AuthInfo(cn, store.revision()), false))
        .orElse(AuthContext.Caller.ANONYMOUS);
  }

  /** The CN of the client's verified certificate, if it presented one. */
  private static Optional<String> commonName(ServerCall<?, ?> call) {
    SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    if (session == null) {
      ServiceRequestContext ctx = ServiceRequestContext.currentOrNull();
      session = ctx == null ? null : ctx.sslSession();
    }
    if (session == null) {
      return Optional.empty();
    }
    try {
      Certificate[] chain = session.getPeerCertificates();
      if (chain.length == 0 || !(chain[0] instanceof X509Certificate cert)) {
        return Optional.empty();
      }
      for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
        if ("CN".equalsIgnoreCase(rdn.getType())) {
          return Optional.of(rdn.getValue().toString());
        }
      }
      return Optional.empty();
    } catch (SSLPeerUnverifiedException | InvalidNameException e) {
      return Optional.empty();
    }
  }
}

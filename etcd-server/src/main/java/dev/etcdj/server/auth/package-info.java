/**
 * etcd's v3 authentication and role-based access control (its {@code auth} package, the Auth
 * service and the auth applier).
 *
 * <p>Users and roles live in the store's meta buckets ({@code authUsers}, {@code authRoles},
 * and {@code auth} for the enabled flag and the auth revision), written by the apply thread in
 * the same write transaction as the entry that changed them, so restarts and snapshots carry
 * them. {@link AuthStore} keeps the same state in memory, with each user's merged key ranges
 * ({@link RangePermissions}), for permission checks on any thread.
 *
 * <p>Every mutation, and Authenticate, is proposed through Raft ({@link AuthService}); the
 * proposer checks passwords and makes bcrypt hashes ({@link Passwords}) so that neither the
 * password nor the hashing cost enters the log. {@link AuthInterceptor} resolves the caller
 * (token from the {@code token} metadata, or the client certificate's CN) for every gRPC call,
 * checks the request's permissions as etcd's API layer does, and the user and auth revision
 * travel in the entry's header so {@link AuthApplier} checks writes again when they are
 * applied: a permission revoked in between is honoured (etcd's "revision of auth store is old").
 */
package dev.etcdj.server.auth;

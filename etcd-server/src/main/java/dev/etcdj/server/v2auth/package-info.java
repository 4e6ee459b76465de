/**
 * etcd's v2 auth ({@code /v2/auth}): users and roles kept as JSON in the v2 store under
 * {@code /2/users}, {@code /2/roles} and the {@code /2/enabled} flag, written through Raft as
 * ordinary v2 requests; the root user and role, the guest role, key-pattern permissions, and the
 * checks etcd makes on {@code /v2/keys} and {@code /v2/members} requests (basic auth, or the
 * client certificate's common name with {@code --client-cert-auth}) once auth is enabled.
 */
package dev.etcdj.server.v2auth;

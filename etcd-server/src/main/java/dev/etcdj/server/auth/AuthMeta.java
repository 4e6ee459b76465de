package dev.etcdj.server.auth;

/** The meta buckets of the apply thread's write transaction that hold the auth state. */
public interface AuthMeta {
  String AUTH = "auth";
  String USERS = "authUsers";
  String ROLES = "authRoles";

  void put(String bucket, byte[] key, byte[] value);

  void delete(String bucket, byte[] key);
}

package dev.etcdj.server;

import io.grpc.Status;

/**
 * etcd's client-facing errors (its {@code rpctypes}): each pairs a gRPC status code with the
 * exact message etcd sends, so that etcdctl and other clients print and classify them as they
 * would against etcd.
 */
public enum EtcdError {
  EMPTY_KEY(Status.Code.INVALID_ARGUMENT, "etcdserver: key is not provided"),
  KEY_NOT_FOUND(Status.Code.INVALID_ARGUMENT, "etcdserver: key not found"),
  VALUE_PROVIDED(Status.Code.INVALID_ARGUMENT, "etcdserver: value is provided"),
  LEASE_PROVIDED(Status.Code.INVALID_ARGUMENT, "etcdserver: lease is provided"),
  TOO_MANY_OPS(Status.Code.INVALID_ARGUMENT, "etcdserver: too many operations in txn request"),
  DUPLICATE_KEY(Status.Code.INVALID_ARGUMENT, "etcdserver: duplicate key given in txn request"),
  COMPACTED(Status.Code.OUT_OF_RANGE, "etcdserver: mvcc: required revision has been compacted"),
  FUTURE_REV(Status.Code.OUT_OF_RANGE, "etcdserver: mvcc: required revision is a future revision"),
  NO_SPACE(Status.Code.RESOURCE_EXHAUSTED, "etcdserver: mvcc: database space exceeded"),
  LEASE_NOT_FOUND(Status.Code.NOT_FOUND, "etcdserver: requested lease not found"),
  LEASE_EXIST(Status.Code.FAILED_PRECONDITION, "etcdserver: lease already exists"),
  LEASE_TTL_TOO_LARGE(Status.Code.OUT_OF_RANGE, "etcdserver: too large lease TTL"),
  MEMBER_EXIST(Status.Code.FAILED_PRECONDITION, "etcdserver: member ID already exist"),
  PEER_URL_EXIST(Status.Code.FAILED_PRECONDITION, "etcdserver: Peer URLs already exists"),
  MEMBER_NOT_ENOUGH_STARTED(Status.Code.FAILED_PRECONDITION,
      "etcdserver: re-configuration failed due to not enough started members"),
  MEMBER_BAD_URLS(Status.Code.INVALID_ARGUMENT, "etcdserver: given member URLs are invalid"),
  MEMBER_NOT_FOUND(Status.Code.NOT_FOUND, "etcdserver: member not found"),
  MEMBER_NOT_LEARNER(Status.Code.FAILED_PRECONDITION, "etcdserver: can only promote a learner member"),
  LEARNER_NOT_READY(Status.Code.FAILED_PRECONDITION,
      "etcdserver: can only promote a learner member which is in sync with leader"),
  UNHEALTHY(Status.Code.UNAVAILABLE, "etcdserver: unhealthy cluster"),
  REQUEST_TOO_LARGE(Status.Code.INVALID_ARGUMENT, "etcdserver: request is too large"),
  TOO_MANY_REQUESTS(Status.Code.RESOURCE_EXHAUSTED, "etcdserver: too many requests"),
  NO_LEADER(Status.Code.UNAVAILABLE, "etcdserver: no leader"),
  NOT_LEADER(Status.Code.FAILED_PRECONDITION, "etcdserver: not leader"),
  NOT_CAPABLE(Status.Code.UNAVAILABLE, "etcdserver: not capable"),
  STOPPED(Status.Code.UNAVAILABLE, "etcdserver: server stopped"),
  TIMEOUT(Status.Code.UNAVAILABLE, "etcdserver: request timed out"),
  CORRUPT(Status.Code.DATA_LOSS, "etcdserver: corrupt cluster"),
  BAD_LEADER_TRANSFEREE(Status.Code.FAILED_PRECONDITION, "etcdserver: bad leader transferee"),
  ROOT_USER_NOT_EXIST(Status.Code.FAILED_PRECONDITION, "etcdserver: root user does not exist"),
  ROOT_ROLE_NOT_EXIST(Status.Code.FAILED_PRECONDITION, "etcdserver: root user does not have root role"),
  USER_ALREADY_EXIST(Status.Code.FAILED_PRECONDITION, "etcdserver: user name already exists"),
  USER_EMPTY(Status.Code.INVALID_ARGUMENT, "etcdserver: user name is empty"),
  USER_NOT_FOUND(Status.Code.FAILED_PRECONDITION, "etcdserver: user name not found"),
  ROLE_ALREADY_EXIST(Status.Code.FAILED_PRECONDITION, "etcdserver: role name already exists"),
  ROLE_NOT_FOUND(Status.Code.FAILED_PRECONDITION, "etcdserver: role name not found"),
  ROLE_EMPTY(Status.Code.INVALID_ARGUMENT, "etcdserver: role name is empty"),
  AUTH_FAILED(Status.Code.INVALID_ARGUMENT, "etcdserver: authentication failed, invalid user ID or password"),
  /** etcd has no gRPC mapping for this one: clients see the auth package's own text. */
  NO_PASSWORD_USER(Status.Code.UNKNOWN, "auth: authentication failed, password was given for no password user"),
  PERMISSION_DENIED(Status.Code.PERMISSION_DENIED, "etcdserver: permission denied"),
  ROLE_NOT_GRANTED(Status.Code.FAILED_PRECONDITION, "etcdserver: role is not granted to the user"),
  PERMISSION_NOT_GRANTED(Status.Code.FAILED_PRECONDITION, "etcdserver: permission is not granted to the role"),
  AUTH_NOT_ENABLED(Status.Code.FAILED_PRECONDITION, "etcdserver: authentication is not enabled"),
  INVALID_AUTH_TOKEN(Status.Code.UNAUTHENTICATED, "etcdserver: invalid auth token"),
  INVALID_AUTH_MGMT(Status.Code.INVALID_ARGUMENT, "etcdserver: invalid auth management"),
  AUTH_OLD_REVISION(Status.Code.INVALID_ARGUMENT, "etcdserver: revision of auth store is old");

  private final Status.Code code;
  private final String message;

  EtcdError(Status.Code code, String message) {
    this.code = code;
    this.message = message;
  }

  public Status.Code code() {
    return code;
  }

  public String message() {
    return message;
  }

  public EtcdException exception() {
    return new EtcdException(this);
  }

  public Status status() {
    return Status.fromCode(code).withDescription(message);
  }
}

package dev.etcdj.server.auth;

import dev.etcdj.server.EtcdError;
import io.grpc.Status;

/**
 * etcd's Maintenance service returns its auth package's errors unconverted, so clients see code
 * Unknown with the package's own text ("auth: permission denied"), not the rpctypes error.
 */
final class RawAuthErrors {
  private RawAuthErrors() {}

  static Status status(EtcdError e) {
    String text = switch (e) {
      case USER_EMPTY -> "auth: user name is empty";
      case USER_NOT_FOUND -> "auth: user not found";
      case INVALID_AUTH_TOKEN -> "auth: invalid auth token";
      case PERMISSION_DENIED -> "auth: permission denied";
      default -> e.message();
    };
    return Status.UNKNOWN.withDescription(text);
  }
}

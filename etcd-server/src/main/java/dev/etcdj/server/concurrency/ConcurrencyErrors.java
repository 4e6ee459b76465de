package dev.etcdj.server.concurrency;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The errors etcd's election server returns as plain Go errors, which gRPC sends with code
 * Unknown and the error text (clients such as jetcd match on the text).
 */
final class ConcurrencyErrors {
  static final String NOT_LEADER = "election: not leader";
  static final String NO_LEADER = "election: no leader";
  static final String MISSING_LEADER_KEY = "\"leader\" field must be provided";

  private ConcurrencyErrors() {}

  static StatusRuntimeException notLeader() {
    return unknown(NOT_LEADER);
  }

  static StatusRuntimeException noLeader() {
    return unknown(NO_LEADER);
  }

  static StatusRuntimeException missingLeaderKey() {
    return unknown(MISSING_LEADER_KEY);
  }

  private static StatusRuntimeException unknown(String message) {
    return Status.UNKNOWN.withDescription(message).asRuntimeException();
  }
}

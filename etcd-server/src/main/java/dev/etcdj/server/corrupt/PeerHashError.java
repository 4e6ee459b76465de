package dev.etcdj.server.corrupt;

import dev.etcdj.server.EtcdError;

/** Why a peer gave no hash; the two the checks tell apart carry etcd's rpctypes errors. */
public final class PeerHashError extends Exception {
  static final PeerHashError FUTURE_REV = new PeerHashError(EtcdError.FUTURE_REV.message());
  static final PeerHashError COMPACTED = new PeerHashError(EtcdError.COMPACTED.message());

  PeerHashError(String message) {
    super(message, null, false, false);
  }
}

package dev.etcdj.server.corrupt;

import dev.etcdj.api.HashKVResponse;
import java.util.List;

/**
 * One peer's answer to a hash request (etcd's peerHashKVResp): its HashKVResponse, or the error
 * of its last peer URL ({@link PeerHashError#FUTURE_REV} / {@link PeerHashError#COMPACTED}
 * when the peer said so).
 */
public record PeerHash(long id, List<String> endpoints, HashKVResponse resp, PeerHashError error) {
  static PeerHash answered(long id, List<String> endpoints, HashKVResponse resp) {
    return new PeerHash(id, endpoints, resp, null);
  }

  static PeerHash failed(long id, List<String> endpoints, PeerHashError error) {
    return new PeerHash(id, endpoints, null, error);
  }
}

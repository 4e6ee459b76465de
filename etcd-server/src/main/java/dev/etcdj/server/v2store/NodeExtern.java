package dev.etcdj.server.v2store;

import java.util.List;

/**
 * A node as clients see it (etcd's {@code NodeExtern}). {@code value} is null for a directory,
 * {@code expiration} (Unix nanoseconds) null for a permanent node, {@code nodes} null unless a
 * directory was listed.
 */
public record NodeExtern(String key, String value, boolean dir, Long expiration, long ttl,
    List<NodeExtern> nodes, long modifiedIndex, long createdIndex) {

  NodeExtern withKey(String newKey) {
    return new NodeExtern(newKey, value, dir, expiration, ttl, nodes, modifiedIndex, createdIndex);
  }
}

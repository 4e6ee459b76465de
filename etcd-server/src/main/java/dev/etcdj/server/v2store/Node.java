package dev.etcdj.server.v2store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/** A file (value) or directory (children) of the v2 tree. Guarded by the store's lock. */
final class Node {
  static final long PERMANENT = 0;

  final String path;
  final long createdIndex;
  long modifiedIndex;
  Node parent;
  long expireTime;
  String value;
  final Map<String, Node> children;

  private Node(String path, long createdIndex, Node parent, long expireTime, String value, boolean dir) {
    this.path = path;
    this.createdIndex = createdIndex;
    this.modifiedIndex = createdIndex;
    this.parent = parent;
    this.expireTime = expireTime;
    this.value = value;
    this.children = dir ? new TreeMap<>() : null;
  }

  static Node file(String path, String value, long createdIndex, Node parent, long expireTime) {
    return new Node(path, createdIndex, parent, expireTime, value, false);
  }

  static Node dir(String path, long createdIndex, Node parent, long expireTime) {
    return new Node(path, createdIndex, parent, expireTime, "", true);
  }

  boolean isDir() {
    return children != null;
  }

  boolean isPermanent() {
    return expireTime == PERMANENT;
  }

  boolean isHidden() {
    return Paths.base(path).startsWith("_");
  }

  String name() {
    return Paths.base(path);
  }

  /** Seconds left, rounded up, as etcd reports a TTL. */
  long ttl(long nowNanos) {
    long left = expireTime - nowNanos;
    long ttl = left / 1_000_000_000L;
    return left % 1_000_000_000L > 0 ? ttl + 1 : ttl;
  }

  NodeExtern repr(boolean recursive, boolean sorted, long nowNanos) {
    Long expiration = isPermanent() ? null : expireTime;
    long ttl = isPermanent() ? 0 : ttl(nowNanos);
    if (!isDir()) {
      return new NodeExtern(path, value, false, expiration, ttl, null, modifiedIndex, createdIndex);
    }
    List<NodeExtern> nodes = recursive ? listVisible(true, sorted, nowNanos) : null;
    return new NodeExtern(path, null, true, expiration, ttl, nodes, modifiedIndex, createdIndex);
  }

  /** The visible (not hidden) children, as a Get of this directory shows them. */
  List<NodeExtern> listVisible(boolean recursive, boolean sorted, long nowNanos) {
    List<NodeExtern> nodes = new ArrayList<>();
    for (Node child : children.values()) {
      if (!child.isHidden()) {
        nodes.add(child.repr(recursive, sorted, nowNanos));
      }
    }
    return nodes; // children are kept in key order, so sorted or not the order is the same
  }

  boolean matches(String prevValue, long prevIndex) {
    return (prevIndex == 0 || modifiedIndex == prevIndex) && (prevValue.isEmpty() || value.equals(prevValue));
  }

  String compareFailCause(String prevValue, long prevIndex) {
    boolean indexMatch = prevIndex == 0 || modifiedIndex == prevIndex;
    boolean valueMatch = prevValue.isEmpty() || value.equals(prevValue);
    if (!indexMatch && valueMatch) {
      return "[" + prevIndex + " != " + modifiedIndex + "]";
    }
    if (indexMatch) {
      return "[" + prevValue + " != " + value + "]";
    }
    return "[" + prevValue + " != " + value + "] [" + prevIndex + " != " + modifiedIndex + "]";
  }

  /**
   * Unlinks this node (and, for a directory, its subtree) from the tree and the TTL heap,
   * calling {@code deleted} with each removed path.
   */
  void remove(boolean dir, boolean recursive, TtlKeyHeap ttls, long storeIndex, Consumer<String> deleted) {
    if (isDir()) {
      if (!dir) {
        throw new V2Error(V2Error.NOT_FILE, path, storeIndex);
      }
      if (!children.isEmpty() && !recursive) {
        throw new V2Error(V2Error.DIR_NOT_EMPTY, path, storeIndex);
      }
      for (Node child : new ArrayList<>(children.values())) {
        child.remove(true, true, ttls, storeIndex, deleted);
      }
    }
    if (parent != null && parent.children.get(name()) == this) {
      parent.children.remove(name());
      if (deleted != null) {
        deleted.accept(path);
      }
      if (!isPermanent()) {
        ttls.remove(this);
      }
    }
  }

  void updateTtl(long newExpireTime, TtlKeyHeap ttls) {
    if (!isPermanent()) {
      ttls.remove(this);
    }
    expireTime = newExpireTime;
    if (!isPermanent()) {
      ttls.add(this);
    }
  }
}

package dev.etcdj.server.v2store;

import java.util.Comparator;
import java.util.TreeSet;

/** Nodes with a TTL, soonest expiry first. A node's expiry only changes while it is out of the set. */
final class TtlKeyHeap {
  private final TreeSet<Node> nodes = new TreeSet<>(Comparator.<Node>comparingLong(n -> n.expireTime)
      .thenComparing(n -> n.path).thenComparingLong(n -> n.createdIndex));

  void add(Node n) {
    nodes.add(n);
  }

  void remove(Node n) {
    nodes.remove(n);
  }

  Node first() {
    return nodes.isEmpty() ? null : nodes.first();
  }

  boolean isEmpty() {
    return nodes.isEmpty();
  }
}

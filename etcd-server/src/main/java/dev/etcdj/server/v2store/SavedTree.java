package dev.etcdj.server.v2store;

import java.util.List;

/**
 * A v2 tree given from outside (e.g. read from a real etcd's snapshot), turned into the state
 * {@link V2Store#recover} loads.
 */
public final class SavedTree {
  /**
   * One node: {@code expireTime} in Unix nanoseconds, 0 if permanent; {@code children} null
   * for a file.
   */
  public record SavedNode(String path, long createdIndex, long modifiedIndex, long expireTime,
      String value, List<SavedNode> children) {}

  private SavedTree() {}

  /** The saved state of a store whose root is {@code root} and whose index is {@code index}. */
  public static byte[] encode(SavedNode root, long index) {
    return StoreCodec.encode(build(root, null), index);
  }

  private static Node build(SavedNode s, Node parent) {
    Node n;
    if (s.children() == null) {
      n = Node.file(s.path(), s.value(), s.createdIndex(), parent, s.expireTime());
    } else {
      n = Node.dir(s.path(), s.createdIndex(), parent, s.expireTime());
      for (SavedNode c : s.children()) {
        Node child = build(c, n);
        n.children.put(child.name(), child);
      }
    }
    n.modifiedIndex = s.modifiedIndex();
    return n;
  }
}

package dev.etcdj.server.v2store;

/**
 * What one store operation did (etcd's v2 {@code Event}). {@code etcdIndex} is the store index
 * when the event was produced or, for a watch answered from the history, when the watch began.
 */
public record Event(String action, NodeExtern node, NodeExtern prevNode, long etcdIndex, boolean refresh) {
  public static final String GET = "get";
  public static final String CREATE = "create";
  public static final String SET = "set";
  public static final String UPDATE = "update";
  public static final String DELETE = "delete";
  public static final String COMPARE_AND_SWAP = "compareAndSwap";
  public static final String COMPARE_AND_DELETE = "compareAndDelete";
  public static final String EXPIRE = "expire";

  /** The index of the change: the node's modified index. */
  public long index() {
    return node.modifiedIndex();
  }

  /** A created node answers 201 Created. */
  public boolean isCreated() {
    return CREATE.equals(action) || (SET.equals(action) && prevNode == null);
  }

  public Event withEtcdIndex(long index) {
    return new Event(action, node, prevNode, index, refresh);
  }
}

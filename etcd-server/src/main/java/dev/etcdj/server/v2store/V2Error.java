package dev.etcdj.server.v2store;

import java.util.Map;

/** An etcd v2 error ({@code v2error}): its code, message, cause and the store index it refers to. */
public final class V2Error extends RuntimeException {
  public static final int KEY_NOT_FOUND = 100;
  public static final int TEST_FAILED = 101;
  public static final int NOT_FILE = 102;
  public static final int NOT_DIR = 104;
  public static final int NODE_EXIST = 105;
  public static final int ROOT_READ_ONLY = 107;
  public static final int DIR_NOT_EMPTY = 108;
  public static final int UNAUTHORIZED = 110;
  public static final int PREV_VALUE_REQUIRED = 201;
  public static final int TTL_NAN = 202;
  public static final int INDEX_NAN = 203;
  public static final int INVALID_FIELD = 209;
  public static final int INVALID_FORM = 210;
  public static final int REFRESH_VALUE = 211;
  public static final int REFRESH_TTL_REQUIRED = 212;
  public static final int RAFT_INTERNAL = 300;
  public static final int LEADER_ELECT = 301;
  public static final int EVENT_INDEX_CLEARED = 401;

  private static final Map<Integer, String> MESSAGES = Map.ofEntries(
      Map.entry(KEY_NOT_FOUND, "Key not found"),
      Map.entry(TEST_FAILED, "Compare failed"),
      Map.entry(NOT_FILE, "Not a file"),
      Map.entry(103, "Reached the max number of peers in the cluster"),
      Map.entry(NOT_DIR, "Not a directory"),
      Map.entry(NODE_EXIST, "Key already exists"),
      Map.entry(106, "The prefix of given key is a keyword in etcd"),
      Map.entry(ROOT_READ_ONLY, "Root is read only"),
      Map.entry(DIR_NOT_EMPTY, "Directory not empty"),
      Map.entry(109, "Peer address has existed"),
      Map.entry(UNAUTHORIZED, "The request requires user authentication"),
      Map.entry(200, "Value is Required in POST form"),
      Map.entry(PREV_VALUE_REQUIRED, "PrevValue is Required in POST form"),
      Map.entry(TTL_NAN, "The given TTL in POST form is not a number"),
      Map.entry(INDEX_NAN, "The given index in POST form is not a number"),
      Map.entry(204, "Value or TTL is required in POST form"),
      Map.entry(205, "The given timeout in POST form is not a number"),
      Map.entry(206, "Name is required in POST form"),
      Map.entry(207, "Index or value is required"),
      Map.entry(208, "Index and value cannot both be specified"),
      Map.entry(INVALID_FIELD, "Invalid field"),
      Map.entry(INVALID_FORM, "Invalid POST form"),
      Map.entry(REFRESH_VALUE, "Value provided on refresh"),
      Map.entry(REFRESH_TTL_REQUIRED, "A TTL must be provided on refresh"),
      Map.entry(RAFT_INTERNAL, "Raft Internal Error"),
      Map.entry(LEADER_ELECT, "During Leader Election"),
      Map.entry(400, "watcher is cleared due to etcd recovery"),
      Map.entry(EVENT_INDEX_CLEARED, "The event in requested index is outdated and cleared"),
      Map.entry(500, "Client Internal Error"));

  private final int code;
  private final String errorCause;
  private final long index;

  public V2Error(int code, String cause, long index) {
    super(MESSAGES.getOrDefault(code, "") + " (" + cause + ")", null, false, false);
    this.code = code;
    this.errorCause = cause;
    this.index = index;
  }

  public int code() {
    return code;
  }

  public String message() {
    return MESSAGES.getOrDefault(code, "");
  }

  public String errorCause() {
    return errorCause;
  }

  public long index() {
    return index;
  }

  public V2Error withIndex(long newIndex) {
    return new V2Error(code, errorCause, newIndex);
  }

  public V2Error withCause(String newCause) {
    return new V2Error(code, newCause, index);
  }

  /** The HTTP status etcd answers this error with. */
  public int httpStatus() {
    return switch (code) {
      case KEY_NOT_FOUND -> 404;
      case NOT_FILE, DIR_NOT_EMPTY -> 403;
      case UNAUTHORIZED -> 401;
      case TEST_FAILED, NODE_EXIST -> 412;
      case RAFT_INTERNAL, LEADER_ELECT -> 500;
      default -> 400;
    };
  }
}

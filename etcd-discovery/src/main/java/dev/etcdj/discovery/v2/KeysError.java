package dev.etcdj.discovery.v2;

/** An error answer of the v2 keys API ({@code {"errorCode":100,"message":"Key not found",...}}). */
public final class KeysError extends Exception {
  public static final int KEY_NOT_FOUND = 100;
  public static final int NODE_EXIST = 105;

  private final int code;

  public KeysError(int code, String message, String cause, long index) {
    // etcd's client.Error text: "100: Key not found (/discovery/x) [4]"
    super(code + ": " + message + " (" + cause + ") [" + index + "]", null, false, false);
    this.code = code;
  }

  public int code() {
    return code;
  }
}

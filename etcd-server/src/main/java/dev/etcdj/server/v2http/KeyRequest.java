package dev.etcdj.server.v2http;

import dev.etcdj.api.internal.V2Request;
import dev.etcdj.server.apply.V2Applier;
import dev.etcdj.server.v2store.Paths;
import dev.etcdj.server.v2store.V2Error;
import java.util.List;
import java.util.Map;

/**
 * A parsed {@code /v2/keys} request (etcd's {@code parseKeyRequest}): the form's fields checked
 * with etcd's error codes and texts, the key mapped into the store's keys directory, and a TTL
 * turned into an absolute expiry by this member's clock.
 */
record KeyRequest(String method, V2Request.Builder request, boolean waitForChange, long waitIndex, boolean stream,
    boolean quorum, boolean noValueOnSuccess) {

  static KeyRequest parse(String method, String keyPath, Map<String, List<String>> form, long nowNanos) {
    String path = Paths.clean(V2Applier.KEYS_PREFIX + "/" + keyPath);
    long prevIndex = uint(form, "prevIndex", V2Error.INDEX_NAN, "invalid value for \"prevIndex\"");
    long waitIndex = uint(form, "waitIndex", V2Error.INDEX_NAN, "invalid value for \"waitIndex\"");
    boolean recursive = bool(form, "recursive", "invalid value for \"recursive\"");
    boolean sorted = bool(form, "sorted", "invalid value for \"sorted\"");
    boolean wait = bool(form, "wait", "invalid value for \"wait\"");
    boolean dir = bool(form, "dir", "invalid value for \"dir\"");
    boolean quorum = bool(form, "quorum", "invalid value for \"quorum\"");
    boolean stream = bool(form, "stream", "invalid value for \"stream\"");
    if (wait && !method.equals("GET")) {
      throw new V2Error(V2Error.INVALID_FIELD, "\"wait\" can only be used with GET requests", 0);
    }
    String prevValue = first(form, "prevValue");
    if (form.containsKey("prevValue") && prevValue.isEmpty()) {
      throw new V2Error(V2Error.PREV_VALUE_REQUIRED, "\"prevValue\" cannot be empty", 0);
    }
    boolean noValueOnSuccess = bool(form, "noValueOnSuccess", "invalid value for \"noValueOnSuccess\"");
    Long ttl = null;
    if (!first(form, "ttl").isEmpty()) {
      ttl = uint(form, "ttl", V2Error.TTL_NAN, "invalid value for \"ttl\"");
    }
    V2Request.Builder r = V2Request.newBuilder().setMethod(method).setPath(path).setVal(first(form, "value"))
        .setDir(dir).setPrevValue(prevValue).setPrevIndex(prevIndex).setRecursive(recursive).setSorted(sorted);
    if (form.containsKey("prevExist")) {
      r.setPrevExist(bool(form, "prevExist", "invalid value for prevExist"));
    }
    if (form.containsKey("refresh")) {
      boolean refresh = bool(form, "refresh", "invalid value for refresh");
      r.setRefresh(refresh);
      if (refresh) {
        if (form.containsKey("value") && !first(form, "value").isEmpty()) {
          throw new V2Error(V2Error.REFRESH_VALUE, "A value was provided on a refresh", 0);
        }
        if (ttl == null) {
          throw new V2Error(V2Error.REFRESH_TTL_REQUIRED, "No TTL value set", 0);
        }
      }
    }
    if (ttl != null) {
      r.setExpiration(nowNanos + ttl * 1_000_000_000L);
    }
    return new KeyRequest(method, r, wait, waitIndex, stream, quorum, noValueOnSuccess);
  }

  private static String first(Map<String, List<String>> form, String key) {
    List<String> values = form.get(key);
    return values == null || values.isEmpty() ? "" : values.get(0);
  }

  private static long uint(Map<String, List<String>> form, String key, int code, String cause) {
    if (!form.containsKey(key)) {
      return 0;
    }
    try {
      return Long.parseUnsignedLong(first(form, key));
    } catch (NumberFormatException e) {
      throw new V2Error(code, cause, 0);
    }
  }

  /** Go's strconv.ParseBool. */
  private static boolean bool(Map<String, List<String>> form, String key, String cause) {
    if (!form.containsKey(key)) {
      return false;
    }
    return switch (first(form, key)) {
      case "1", "t", "T", "TRUE", "true", "True" -> true;
      case "0", "f", "F", "FALSE", "false", "False" -> false;
      default -> throw new V2Error(V2Error.INVALID_FIELD, cause, 0);
    };
  }
}

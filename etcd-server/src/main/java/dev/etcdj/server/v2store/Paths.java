package dev.etcdj.server.v2store;

import java.util.ArrayDeque;
import java.util.Deque;

/** Go's {@code path.Clean(path.Join("/", p))} and {@code path.Split}, which v2 keys follow. */
public final class Paths {
  private Paths() {}

  /** The absolute, cleaned form of {@code p}: no empty, "." or ".." segments, no trailing slash. */
  public static String clean(String p) {
    Deque<String> parts = new ArrayDeque<>();
    for (String s : p.split("/")) {
      if (s.isEmpty() || s.equals(".")) {
        continue;
      }
      if (s.equals("..")) {
        parts.pollLast();
      } else {
        parts.addLast(s);
      }
    }
    return parts.isEmpty() ? "/" : "/" + String.join("/", parts);
  }

  /** The directory part of a cleaned path, with its trailing slash. */
  static String dir(String cleaned) {
    return cleaned.substring(0, cleaned.lastIndexOf('/') + 1);
  }

  /** The last segment of a cleaned path. */
  static String base(String cleaned) {
    return cleaned.substring(cleaned.lastIndexOf('/') + 1);
  }
}

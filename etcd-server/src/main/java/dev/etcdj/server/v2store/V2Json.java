package dev.etcdj.server.v2store;

import dev.etcdj.api.GoJsonStrings;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Events and errors as etcd's v2 API writes them: Go's {@code encoding/json} of its structs
 * (field order, {@code omitempty}, RFC 3339 times with trimmed nanoseconds, {@code <>&}
 * escaped), one document per line.
 */
public final class V2Json {
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
      .withZone(ZoneOffset.UTC);

  private V2Json() {}

  /** The event, with {@code prefix} trimmed from every key (the keys API's {@code /1}). */
  public static String event(Event e, String prefix, boolean withNodes) {
    StringBuilder sb = new StringBuilder("{\"action\":");
    GoJsonStrings.append(sb, e.action());
    if (withNodes && e.node() != null) {
      sb.append(",\"node\":");
      node(sb, e.node(), prefix);
    }
    if (withNodes && e.prevNode() != null) {
      sb.append(",\"prevNode\":");
      node(sb, e.prevNode(), prefix);
    }
    if (e.refresh()) {
      sb.append(",\"refresh\":true");
    }
    return sb.append("}\n").toString();
  }

  public static String error(V2Error e) {
    StringBuilder sb = new StringBuilder("{\"errorCode\":").append(e.code()).append(",\"message\":");
    GoJsonStrings.append(sb, e.message());
    if (!e.errorCause().isEmpty()) {
      sb.append(",\"cause\":");
      GoJsonStrings.append(sb, e.errorCause());
    }
    return sb.append(",\"index\":").append(e.index()).append("}\n").toString();
  }

  private static void node(StringBuilder sb, NodeExtern n, String prefix) {
    sb.append('{');
    boolean first = true;
    String key = n.key().startsWith(prefix) ? n.key().substring(prefix.length()) : n.key();
    if (!key.isEmpty()) {
      sb.append("\"key\":");
      GoJsonStrings.append(sb, key);
      first = false;
    }
    if (n.value() != null) {
      first = comma(sb, first);
      sb.append("\"value\":");
      GoJsonStrings.append(sb, n.value());
    }
    if (n.dir()) {
      first = comma(sb, first);
      sb.append("\"dir\":true");
    }
    if (n.expiration() != null) {
      first = comma(sb, first);
      sb.append("\"expiration\":\"").append(time(n.expiration())).append('"');
    }
    if (n.ttl() != 0) {
      first = comma(sb, first);
      sb.append("\"ttl\":").append(n.ttl());
    }
    List<NodeExtern> nodes = n.nodes();
    if (nodes != null && !nodes.isEmpty()) {
      first = comma(sb, first);
      sb.append("\"nodes\":[");
      for (int i = 0; i < nodes.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        node(sb, nodes.get(i), prefix);
      }
      sb.append(']');
    }
    if (n.modifiedIndex() != 0) {
      first = comma(sb, first);
      sb.append("\"modifiedIndex\":").append(n.modifiedIndex());
    }
    if (n.createdIndex() != 0) {
      comma(sb, first);
      sb.append("\"createdIndex\":").append(n.createdIndex());
    }
    sb.append('}');
  }

  private static boolean comma(StringBuilder sb, boolean first) {
    if (!first) {
      sb.append(',');
    }
    return false;
  }

  /** Go's RFC3339Nano in UTC: fractional seconds without trailing zeros. */
  public static String time(long unixNanos) {
    long seconds = Math.floorDiv(unixNanos, 1_000_000_000L);
    long nanos = Math.floorMod(unixNanos, 1_000_000_000L);
    StringBuilder sb = new StringBuilder(SECONDS.format(Instant.ofEpochSecond(seconds)));
    if (nanos != 0) {
      String frac = String.format("%09d", nanos);
      int end = frac.length();
      while (frac.charAt(end - 1) == '0') {
        end--;
      }
      sb.append('.').append(frac, 0, end);
    }
    return sb.append('Z').toString();
  }
}

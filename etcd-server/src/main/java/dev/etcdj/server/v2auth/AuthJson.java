package dev.etcdj.server.v2auth;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.etcdj.api.GoJsonStrings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Users and roles as Go's {@code encoding/json} reads and writes etcd's structs: field names
 * matched case-insensitively, unknown fields ignored, a nil list written as {@code null},
 * {@code omitempty} fields left out, and only the first JSON value of a body read.
 */
final class AuthJson {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(JsonParser.Feature.AUTO_CLOSE_SOURCE, false);

  private AuthJson() {}

  /** The body's first JSON value as a user; {@link IllegalArgumentException} when it is not one. */
  static V2User readUser(String json) {
    JsonNode n = object(json);
    return new V2User(string(n, "user"), string(n, "password"), strings(n, "roles"), strings(n, "grant"),
        strings(n, "revoke"));
  }

  static V2Role readRole(String json) {
    JsonNode n = object(json);
    KvPermissions permissions = permissions(field(n, "permissions"));
    return new V2Role(string(n, "role"), permissions == null ? KvPermissions.NONE : permissions,
        permissions(field(n, "grant")), permissions(field(n, "revoke")));
  }

  static boolean readBool(String json) {
    JsonNode n = parse(json);
    if (!n.isBoolean()) {
      throw new IllegalArgumentException("not a JSON boolean");
    }
    return n.booleanValue();
  }

  private static JsonNode object(String json) {
    JsonNode n = parse(json);
    if (!n.isObject() && !n.isNull()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    return n;
  }

  private static JsonNode parse(String json) {
    try (JsonParser p = MAPPER.createParser(json)) {
      JsonNode n = MAPPER.readTree(p);
      if (n == null || n.isMissingNode()) {
        throw new IllegalArgumentException("EOF");
      }
      return n;
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** Go's decoder matches a field name exactly first, then case-insensitively. */
  private static JsonNode field(JsonNode n, String name) {
    if (n == null || !n.isObject()) {
      return null;
    }
    JsonNode exact = n.get(name);
    if (exact != null) {
      return exact;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  private static String string(JsonNode n, String name) {
    JsonNode v = field(n, name);
    if (v == null || v.isNull()) {
      return "";
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException(name + " is not a string");
    }
    return v.textValue();
  }

  private static List<String> strings(JsonNode n, String name) {
    JsonNode v = field(n, name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isArray()) {
      throw new IllegalArgumentException(name + " is not a list");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : v) {
      if (!e.isTextual() && !e.isNull()) {
        throw new IllegalArgumentException(name + " holds a non-string");
      }
      out.add(e.isNull() ? "" : e.textValue());
    }
    return out;
  }

  private static KvPermissions permissions(JsonNode p) {
    if (p == null || p.isNull()) {
      return null;
    }
    if (!p.isObject()) {
      throw new IllegalArgumentException("permissions is not an object");
    }
    JsonNode kv = field(p, "kv");
    if (kv != null && !kv.isNull() && !kv.isObject()) {
      throw new IllegalArgumentException("kv is not an object");
    }
    return new KvPermissions(strings(kv, "read"), strings(kv, "write"));
  }

  static String user(V2User u) {
    StringBuilder sb = new StringBuilder("{\"user\":");
    GoJsonStrings.append(sb, u.user());
    if (!u.password().isEmpty()) {
      sb.append(",\"password\":");
      GoJsonStrings.append(sb, u.password());
    }
    sb.append(",\"roles\":");
    list(sb, u.roles());
    if (u.grant() != null && !u.grant().isEmpty()) {
      sb.append(",\"grant\":");
      list(sb, u.grant());
    }
    if (u.revoke() != null && !u.revoke().isEmpty()) {
      sb.append(",\"revoke\":");
      list(sb, u.revoke());
    }
    return sb.append('}').toString();
  }

  static String role(V2Role r) {
    StringBuilder sb = new StringBuilder();
    role(sb, r);
    return sb.toString();
  }

  private static void role(StringBuilder sb, V2Role r) {
    sb.append("{\"role\":");
    GoJsonStrings.append(sb, r.role());
    sb.append(",\"permissions\":");
    permissions(sb, r.permissions());
    if (r.grant() != null) {
      sb.append(",\"grant\":");
      permissions(sb, r.grant());
    }
    if (r.revoke() != null) {
      sb.append(",\"revoke\":");
      permissions(sb, r.revoke());
    }
    sb.append('}');
  }

  /** A user with its roles spelled out, as {@code GET /v2/auth/users[/name]} answers. */
  static String userWithRoles(String user, List<V2Role> roles) {
    StringBuilder sb = new StringBuilder("{\"user\":");
    GoJsonStrings.append(sb, user);
    if (!roles.isEmpty()) {
      sb.append(",\"roles\":[");
      for (int i = 0; i < roles.size(); i++) {
        sb.append(i > 0 ? "," : "");
        role(sb, roles.get(i));
      }
      sb.append(']');
    }
    return sb.append('}').toString();
  }

  /** {@code {"<name>":[...]}} of already-encoded items, {@code null} when there are none. */
  static String collection(String name, List<String> items) {
    return "{\"" + name + "\":" + (items.isEmpty() ? "null" : "[" + String.join(",", items) + "]") + "}";
  }

  static String message(String message) {
    StringBuilder sb = new StringBuilder("{\"message\":");
    GoJsonStrings.append(sb, message);
    return sb.append('}').toString();
  }

  private static void permissions(StringBuilder sb, KvPermissions p) {
    sb.append("{\"kv\":{\"read\":");
    list(sb, p.read());
    sb.append(",\"write\":");
    list(sb, p.write());
    sb.append("}}");
  }

  private static void list(StringBuilder sb, List<String> values) {
    if (values == null) {
      sb.append("null");
      return;
    }
    sb.append('[');
    for (int i = 0; i < values.size(); i++) {
      sb.append(i > 0 ? "," : "");
      GoJsonStrings.append(sb, values.get(i));
    }
    sb.append(']');
  }
}

package dev.etcdj.server.v2http;

import dev.etcdj.server.v2store.V2Error;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Go's {@code Request.ParseForm}: form body values first, then the query's. */
final class FormParser {
  private FormParser() {}

  static Map<String, List<String>> parse(String query, String body) {
    Map<String, List<String>> form = new LinkedHashMap<>();
    add(form, body);
    add(form, query);
    return form;
  }

  private static void add(Map<String, List<String>> form, String encoded) {
    if (encoded == null || encoded.isEmpty()) {
      return;
    }
    for (String pair : encoded.split("[&;]")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        form.computeIfAbsent(URLDecoder.decode(key, StandardCharsets.UTF_8), k -> new ArrayList<>())
            .add(URLDecoder.decode(value, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new V2Error(V2Error.INVALID_FORM, "invalid URL escape", 0);
      }
    }
  }
}

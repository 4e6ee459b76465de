package dev.etcdj.discovery.v2;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** A node of the etcd v2 keys API, as it appears in its JSON answers. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record KeysNode(String key, String value, boolean dir, long createdIndex, long modifiedIndex,
    List<KeysNode> nodes) {

  public KeysNode {
    nodes = nodes == null ? List.of() : List.copyOf(nodes);
    value = value == null ? "" : value;
  }

  /** The last element of the key, as Go's {@code path.Base}. */
  public String baseName() {
    String k = key == null ? "" : key;
    while (k.length() > 1 && k.endsWith("/")) {
      k = k.substring(0, k.length() - 1);
    }
    return k.substring(k.lastIndexOf('/') + 1);
  }
}

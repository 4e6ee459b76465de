package dev.etcdj.server.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.etcdj.server.membership.MemberInfo;
import dev.etcdj.storage.etcdfmt.EtcdSnapshotter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The membership in the v2 store of an etcd data dir's newest {@code .snap} file, where etcd 3.4
 * keeps it: {@code /0/members/<hex id>/raftAttributes} ({"peerURLs", "isLearner"}) and
 * {@code attributes} ({"name", "clientURLs"}), as Go's JSON of the store.
 */
final class V2SnapshotMembers {
  private static final ObjectMapper JSON = new ObjectMapper();

  private V2SnapshotMembers() {}

  /** The members, or empty if the directory holds no snapshot. */
  static Optional<List<MemberInfo>> read(Path snapDir) throws IOException {
    Optional<dev.etcdj.api.raftpb.Snapshot> snap = EtcdSnapshotter.load(snapDir);
    if (snap.isEmpty()) {
      return Optional.empty();
    }
    JsonNode members = JSON.readTree(snap.get().getData().toByteArray())
        .path("Root").path("Children").path("0").path("Children").path("members").path("Children");
    List<MemberInfo> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = members.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode raft = value(e.getValue(), "raftAttributes");
      JsonNode attrs = value(e.getValue(), "attributes");
      out.add(new MemberInfo(Long.parseUnsignedLong(e.getKey(), 16), attrs.path("name").asText(""),
          strings(raft.path("peerURLs")), strings(attrs.path("clientURLs")), raft.path("isLearner").asBoolean(false)));
    }
    return Optional.of(out);
  }

  private static JsonNode value(JsonNode memberDir, String key) throws IOException {
    JsonNode v = memberDir.path("Children").path(key).path("Value");
    return v.isTextual() ? JSON.readTree(v.asText()) : JSON.createObjectNode();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}

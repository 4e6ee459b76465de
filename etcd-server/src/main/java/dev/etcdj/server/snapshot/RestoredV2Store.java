package dev.etcdj.server.snapshot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.etcdj.server.membership.MemberInfo;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The v2 store etcd 3.4's {@code snapshot restore} puts in the new member's {@code .snap} file,
 * as Go's JSON of that store: each member's raftAttributes created under
 * {@code /0/members/<hex id>} (indexes 1..n, members in the given order), the create events in
 * a 1000-slot history, the create count in the stats. Go writes map keys sorted.
 */
final class RestoredV2Store {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GO_ZERO_TIME = "0001-01-01T00:00:00Z";
  private static final int HISTORY_CAPACITY = 1000;
  private static final List<String> STATS = List.of("getsSuccess", "getsFail", "setsSuccess", "setsFail",
      "deleteSuccess", "deleteFail", "updateSuccess", "updateFail", "createSuccess", "createFail",
      "compareAndSwapSuccess", "compareAndSwapFail", "compareAndDeleteSuccess", "compareAndDeleteFail",
      "expireCount", "watchers");

  private RestoredV2Store() {}

  /** The store JSON for {@code members}, added in this order. */
  static byte[] json(List<MemberInfo> members) {
    Map<String, ObjectNode> memberDirs = new TreeMap<>();
    ArrayNode events = JSON.createArrayNode();
    long index = 0;
    for (MemberInfo m : members) {
      index++;
      String dir = "/0/members/" + Long.toHexString(m.id());
      String attrs = raftAttributes(m);
      ObjectNode leaf = node(dir + "/raftAttributes", index, attrs, null);
      memberDirs.put(Long.toHexString(m.id()), node(dir, index, "", Map.of("raftAttributes", leaf)));
      ObjectNode event = events.addObject().put("action", "create");
      event.putObject("node").put("key", dir + "/raftAttributes").put("value", attrs)
          .put("modifiedIndex", index).put("createdIndex", index);
    }
    for (int i = members.size(); i < HISTORY_CAPACITY; i++) {
      events.addNull();
    }
    ObjectNode membersDir = node("/0/members", members.isEmpty() ? 0 : 1, "", memberDirs);
    ObjectNode zero = node("/0", 0, "", Map.of("members", membersDir));
    ObjectNode one = node("/1", 0, "", Map.of());
    ObjectNode store = JSON.createObjectNode();
    store.set("Root", node("/", 0, "", new TreeMap<>(Map.of("0", zero, "1", one))));
    ObjectNode history = store.putObject("WatcherHub").putObject("EventHistory");
    ObjectNode queue = history.putObject("Queue");
    queue.set("Events", events);
    queue.put("Size", members.size()).put("Front", 0).put("Back", members.size() % HISTORY_CAPACITY)
        .put("Capacity", HISTORY_CAPACITY);
    history.put("StartIndex", members.isEmpty() ? 0 : 1).put("LastIndex", index);
    store.put("CurrentIndex", index);
    ObjectNode stats = store.putObject("Stats");
    STATS.forEach(s -> stats.put(s, s.equals("createSuccess") ? members.size() : 0));
    store.put("CurrentVersion", 2);
    try {
      return JSON.writeValueAsBytes(store);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Go's JSON of membership.RaftAttributes. */
  static String raftAttributes(MemberInfo m) {
    ObjectNode n = JSON.createObjectNode();
    ArrayNode urls = n.putArray("peerURLs");
    m.peerUrls().forEach(urls::add);
    if (m.learner()) {
      n.put("isLearner", true);
    }
    return n.toString();
  }

  /** A v2 node; {@code children} null for a key, a (possibly empty) map for a directory. */
  private static ObjectNode node(String path, long index, String value, Map<String, ObjectNode> children) {
    ObjectNode n = JSON.createObjectNode().put("Path", path).put("CreatedIndex", index)
        .put("ModifiedIndex", index).put("ExpireTime", GO_ZERO_TIME).put("Value", value);
    if (children == null) {
      n.putNull("Children");
    } else {
      ObjectNode c = n.putObject("Children");
      new TreeMap<>(children).forEach(c::set);
    }
    return n;
  }
}

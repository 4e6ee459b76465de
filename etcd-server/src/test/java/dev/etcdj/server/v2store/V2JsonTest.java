package dev.etcdj.server.v2store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON etcd's v2 API writes (Go's encoding/json of its structs). */
class V2JsonTest {
  @Test
  void eventOmitsEmptyFieldsAndTrimsThePrefix() {
    NodeExtern node = new NodeExtern("/1/foo", "a<b", false, 1_800_000_000_120_000_000L, 5, null, 7, 7);
    NodeExtern prev = new NodeExtern("/1/foo", "", false, null, 0, null, 3, 2);
    assertEquals("{\"action\":\"set\",\"node\":{\"key\":\"/foo\",\"value\":\"a\\u003cb\","
        + "\"expiration\":\"2027-01-15T08:00:00.12Z\",\"ttl\":5,\"modifiedIndex\":7,\"createdIndex\":7},"
        + "\"prevNode\":{\"key\":\"/foo\",\"value\":\"\",\"modifiedIndex\":3,\"createdIndex\":2}}\n",
        V2Json.event(new Event(Event.SET, node, prev, 7, false), "/1", true));
  }

  @Test
  void rootListingHasNoKeyAndEmptyDirectoriesNoNodes() {
    NodeExtern empty = new NodeExtern("/1/d", null, true, null, 0, List.of(), 4, 4);
    NodeExtern root = new NodeExtern("/1", null, true, null, 0, List.of(empty), 0, 0);
    assertEquals("{\"action\":\"get\",\"node\":{\"dir\":true,\"nodes\":[{\"key\":\"/d\",\"dir\":true,"
        + "\"modifiedIndex\":4,\"createdIndex\":4}]}}\n",
        V2Json.event(new Event(Event.GET, root, null, 9, false), "/1", true));
  }

  @Test
  void errorAsEtcdWritesIt() {
    assertEquals("{\"errorCode\":100,\"message\":\"Key not found\",\"cause\":\"/foo\",\"index\":12}\n",
        V2Json.error(new V2Error(V2Error.KEY_NOT_FOUND, "/foo", 12)));
    assertEquals(412, new V2Error(V2Error.NODE_EXIST, "/a", 1).httpStatus());
    assertEquals(400, new V2Error(V2Error.EVENT_INDEX_CLEARED, "x", 1).httpStatus());
  }

  @Test
  void timesAsGoRfc3339Nano() {
    assertEquals("2027-01-15T08:00:00Z", V2Json.time(1_800_000_000_000_000_000L));
    assertEquals("2027-01-15T08:00:00.000000001Z", V2Json.time(1_800_000_000_000_000_001L));
  }
}

package dev.etcdj.server.v2store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.etcdj.server.v2store.SavedTree.SavedNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class SavedTreeTest {
  @Test
  void aStoreRecoversAGivenTreeWithItsIndexes() {
    long expire = 4_000_000_000L * 1_000_000_000L;
    SavedNode file = new SavedNode("/1/dir/a", 4, 6, 0, "v", null);
    SavedNode ttl = new SavedNode("/1/t", 7, 7, expire, "x", null);
    SavedNode dir = new SavedNode("/1/dir", 4, 4, 0, "", List.of(file));
    SavedNode root = new SavedNode("/", 0, 0, 0, "", List.of(
        new SavedNode("/0", 0, 0, 0, "", List.of()),
        new SavedNode("/1", 0, 0, 0, "", List.of(dir, ttl))));
    V2Store store = new V2Store(() -> 1_000L, "/0", "/1");
    store.recover(SavedTree.encode(root, 7));
    assertEquals(7, store.index());
    NodeExtern a = store.get("/1/dir/a", false, false).node();
    assertEquals("v", a.value());
    assertEquals(4, a.createdIndex());
    assertEquals(6, a.modifiedIndex());
    assertNull(a.expiration());
    assertEquals(expire, store.get("/1/t", false, false).node().expiration());
    assertEquals(8, store.set("/1/b", false, "w", 0, false).node().modifiedIndex());
    // the namespace stays read-only
    assertThrows(V2Error.class, () -> store.delete("/1", true, true));
  }
}

package dev.etcdj.server.v2store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The v2 store's semantics, case by case after etcd's store_test.go. */
class V2StoreTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long T0 = 1_800_000_000L * SECOND;

  private long now = T0;
  private final V2Store store = new V2Store(() -> now, "/0", "/1");

  private static void assertError(int code, String cause, long index, Runnable op) {
    V2Error e = assertThrows(V2Error.class, op::run);
    assertEquals(code, e.code(), e.getMessage());
    assertEquals(cause, e.errorCause());
    assertEquals(index, e.index());
  }

  @Test
  void getValueAndDirectoryListing() {
    store.set("/1/foo", false, "bar", 0, false);
    store.create("/1/dir/a", false, "x", false, 0);
    store.create("/1/dir/_hidden", false, "h", false, 0);
    store.create("/1/dir/sub/b", false, "y", false, 0);

    Event e = store.get("/1/foo", false, false);
    assertEquals(Event.GET, e.action());
    assertEquals("bar", e.node().value());
    assertEquals(1, e.node().modifiedIndex());
    assertEquals(4, e.etcdIndex());

    Event dir = store.get("/1/dir", false, true);
    assertTrue(dir.node().dir());
    assertEquals(List.of("/1/dir/a", "/1/dir/sub"), dir.node().nodes().stream().map(NodeExtern::key).toList());
    assertNull(dir.node().nodes().get(1).nodes(), "a non-recursive listing does not descend");

    Event all = store.get("/1/dir", true, true);
    assertEquals("/1/dir/sub/b", all.node().nodes().get(1).nodes().get(0).key());
  }

  @Test
  void getMissingAndThroughAFile() {
    assertError(V2Error.KEY_NOT_FOUND, "/1/nope", 0, () -> store.get("/1/nope", false, false));
    store.set("/1/file", false, "v", 0, false);
    assertError(V2Error.NOT_DIR, "/1/file", 1, () -> store.get("/1/file/child", false, false));
  }

  @Test
  void setReplacesAFileAndReportsThePreviousNode() {
    Event first = store.set("/1/foo", false, "bar", 0, false);
    assertTrue(first.isCreated());
    Event second = store.set("/1/foo", false, "baz", 0, false);
    assertFalse(second.isCreated());
    assertEquals("bar", second.prevNode().value());
    assertEquals(2, second.node().modifiedIndex());
    assertEquals(2, second.node().createdIndex(), "set replaces the node: a new created index");
  }

  @Test
  void setOnADirectoryIsRefused() {
    store.set("/1/dir", true, "", 0, false);
    assertError(V2Error.NOT_FILE, "/1/dir", 1, () -> store.set("/1/dir", false, "x", 0, false));
    assertError(V2Error.NOT_DIR, "/1/f", 2, () -> {
      store.set("/1/f", false, "v", 0, false);
      store.set("/1/f/child", false, "v", 0, false);
    });
  }

  @Test
  void rootAndNamespacesAreReadOnly() {
    assertError(V2Error.ROOT_READ_ONLY, "/", 0, () -> store.set("/1", false, "x", 0, false));
    assertError(V2Error.ROOT_READ_ONLY, "/", 0, () -> store.delete("/1", true, true));
    assertError(V2Error.ROOT_READ_ONLY, "/", 0, () -> store.update("/", "", 0, false));
  }

  @Test
  void createFailsWhenTheKeyExists() {
    store.create("/1/foo", false, "bar", false, 0);
    assertError(V2Error.NODE_EXIST, "/1/foo", 1, () -> store.create("/1/foo", false, "again", false, 0));
  }

  @Test
  void inOrderCreateAppendsZeroPaddedIndexes() {
    Event a = store.create("/1/queue", false, "j1", true, 0);
    Event b = store.create("/1/queue", false, "j2", true, 0);
    assertEquals("/1/queue/00000000000000000001", a.node().key());
    assertEquals("/1/queue/00000000000000000002", b.node().key());
    assertEquals(List.of("j1", "j2"),
        store.get("/1/queue", true, true).node().nodes().stream().map(NodeExtern::value).toList());
  }

  @Test
  void updateNeedsAnExistingKeyAndKeepsCreatedIndex() {
    assertError(V2Error.KEY_NOT_FOUND, "/1/foo", 0, () -> store.update("/1/foo", "x", 0, false));
    store.create("/1/foo", false, "a", false, 0);
    Event e = store.update("/1/foo", "b", 0, false);
    assertEquals(Event.UPDATE, e.action());
    assertEquals("a", e.prevNode().value());
    assertEquals(1, e.node().createdIndex());
    assertEquals(2, e.node().modifiedIndex());
    store.create("/1/dir", true, "", false, 0);
    assertError(V2Error.NOT_FILE, "/1/dir", 3, () -> store.update("/1/dir", "value", 0, false));
  }

  @Test
  void compareAndSwapByValueAndIndex() {
    store.create("/1/foo", false, "bar", false, 0);
    assertError(V2Error.TEST_FAILED, "[baz != bar]", 1,
        () -> store.compareAndSwap("/1/foo", "baz", 0, "x", 0, false));
    assertError(V2Error.TEST_FAILED, "[5 != 1]", 1,
        () -> store.compareAndSwap("/1/foo", "", 5, "x", 0, false));
    assertError(V2Error.TEST_FAILED, "[baz != bar] [5 != 1]", 1,
        () -> store.compareAndSwap("/1/foo", "baz", 5, "x", 0, false));
    Event e = store.compareAndSwap("/1/foo", "bar", 1, "new", 0, false);
    assertEquals(Event.COMPARE_AND_SWAP, e.action());
    assertEquals("new", store.get("/1/foo", false, false).node().value());
    store.create("/1/dir", true, "", false, 0);
    assertError(V2Error.NOT_FILE, "/1/dir", 3, () -> store.compareAndSwap("/1/dir", "a", 0, "b", 0, false));
  }

  @Test
  void deleteFilesAndDirectories() {
    store.create("/1/dir/a", false, "x", false, 0);
    assertError(V2Error.NOT_FILE, "/1/dir", 1, () -> store.delete("/1/dir", false, false));
    assertError(V2Error.DIR_NOT_EMPTY, "/1/dir", 1, () -> store.delete("/1/dir", true, false));
    Event e = store.delete("/1/dir", false, true);
    assertEquals(Event.DELETE, e.action());
    assertTrue(e.node().dir());
    assertTrue(e.prevNode().dir());
    assertEquals(2, e.etcdIndex());
    assertError(V2Error.KEY_NOT_FOUND, "/1/dir", 2, () -> store.get("/1/dir/a", false, false));

    store.create("/1/empty", true, "", false, 0);
    assertEquals(Event.DELETE, store.delete("/1/empty", true, false).action());
  }

  @Test
  void compareAndDelete() {
    store.create("/1/foo", false, "bar", false, 0);
    assertError(V2Error.TEST_FAILED, "[x != bar]", 1, () -> store.compareAndDelete("/1/foo", "x", 0));
    Event e = store.compareAndDelete("/1/foo", "bar", 0);
    assertEquals(Event.COMPARE_AND_DELETE, e.action());
    assertEquals("bar", e.prevNode().value());
    assertError(V2Error.KEY_NOT_FOUND, "/1/foo", 2, () -> store.get("/1/foo", false, false));
  }

  @Test
  void ttlIsReportedAndKeysExpireOnlyWhenSynced() {
    store.set("/1/foo", false, "bar", T0 + 10 * SECOND + 1, false);
    now = T0 + 500_000_000L;
    Event e = store.get("/1/foo", false, false);
    assertEquals(10, e.node().ttl(), "ttl rounds up");
    assertEquals(T0 + 10 * SECOND + 1, e.node().expiration());
    assertTrue(store.hasTtlKeys());

    store.deleteExpiredKeys(T0 + 9 * SECOND);
    assertEquals("bar", store.get("/1/foo", false, false).node().value());

    List<Event> seen = new ArrayList<>();
    store.watch("/1/foo", false, false, 0, seen::add);
    store.deleteExpiredKeys(T0 + 11 * SECOND);
    assertError(V2Error.KEY_NOT_FOUND, "/1/foo", 2, () -> store.get("/1/foo", false, false));
    assertEquals(Event.EXPIRE, seen.get(0).action());
    assertEquals(2, seen.get(0).index());
    assertFalse(store.hasTtlKeys());
  }

  @Test
  void expirationBefore2000MeansPermanent() {
    store.set("/1/foo", false, "bar", 5 * SECOND, false);
    assertFalse(store.hasTtlKeys());
    assertNull(store.get("/1/foo", false, false).node().expiration());
  }

  @Test
  void expiringADirectoryRemovesItsChildren() {
    store.create("/1/dir", true, "", false, T0 + SECOND);
    store.create("/1/dir/child", false, "v", false, T0 + 100 * SECOND);
    store.deleteExpiredKeys(T0 + 2 * SECOND);
    assertError(V2Error.KEY_NOT_FOUND, "/1/dir", 3, () -> store.get("/1/dir", false, false));
    assertFalse(store.hasTtlKeys(), "the child's TTL went with it");
  }

  @Test
  void refreshChangesOnlyTheTtlAndWakesNoWatcher() {
    store.set("/1/foo", false, "bar", T0 + 5 * SECOND, false);
    List<Event> seen = new ArrayList<>();
    store.watch("/1/foo", false, false, 0, seen::add);
    Event e = store.set("/1/foo", false, "", T0 + 50 * SECOND, true);
    assertTrue(e.refresh());
    assertEquals("bar", e.node().value());
    assertTrue(seen.isEmpty());
    store.deleteExpiredKeys(T0 + 10 * SECOND);
    assertEquals("bar", store.get("/1/foo", false, false).node().value());
    assertError(V2Error.KEY_NOT_FOUND, "/1/nope", 2, () -> store.set("/1/nope", false, "", T0 + SECOND, true));
  }

  @Test
  void updateCanRemoveATtl() {
    store.set("/1/foo", false, "bar", T0 + 5 * SECOND, false);
    store.update("/1/foo", "bar", 0, false);
    assertFalse(store.hasTtlKeys());
  }

  @Test
  void watchOneKeyFiresOnceForItsNextChange() {
    List<Event> seen = new ArrayList<>();
    Watcher w = store.watch("/1/foo", false, false, 0, seen::add);
    assertEquals(0, w.startIndex());
    store.set("/1/other", false, "x", 0, false);
    store.set("/1/foo", false, "a", 0, false);
    store.set("/1/foo", false, "b", 0, false);
    assertEquals(1, seen.size());
    assertEquals("a", seen.get(0).node().value());
    assertEquals(0, store.watcherCount());
  }

  @Test
  void recursiveStreamWatchSeesChildrenButNotHiddenOnes() {
    List<Event> seen = new ArrayList<>();
    Watcher w = store.watch("/1/dir", true, true, 0, seen::add);
    store.set("/1/dir/a", false, "1", 0, false);
    store.set("/1/dir/_h", false, "2", 0, false);
    store.set("/1/dir/sub/b", false, "3", 0, false);
    assertEquals(List.of("/1/dir/a", "/1/dir/sub/b"), seen.stream().map(e -> e.node().key()).toList());
    w.remove();
    store.set("/1/dir/c", false, "4", 0, false);
    assertEquals(2, seen.size());
  }

  @Test
  void watchOnAKeyHearsOfItsDirectoryBeingDeleted() {
    store.set("/1/dir/a", false, "1", 0, false);
    List<Event> seen = new ArrayList<>();
    store.watch("/1/dir/a", false, false, 0, seen::add);
    store.delete("/1/dir", true, true);
    assertEquals(Event.DELETE, seen.get(0).action());
    assertEquals("/1/dir", seen.get(0).node().key());
  }

  @Test
  void watchFromAPastIndexIsAnsweredFromHistory() {
    store.set("/1/foo", false, "a", 0, false);
    store.set("/1/bar", false, "b", 0, false);
    store.set("/1/foo", false, "c", 0, false);
    List<Event> seen = new ArrayList<>();
    store.watch("/1/foo", false, false, 2, seen::add);
    assertEquals("c", seen.get(0).node().value());
    assertEquals(3, seen.get(0).etcdIndex());

    List<Event> deleted = new ArrayList<>();
    store.delete("/1/bar", false, false);
    store.watch("/1", true, false, 4, deleted::add);
    assertEquals(Event.DELETE, deleted.get(0).action());
  }

  @Test
  void historyKeepsTheLastThousandEvents() {
    for (int i = 0; i < V2Store.HISTORY_CAPACITY + 10; i++) {
      store.set("/1/k", false, "v" + i, 0, false);
    }
    assertError(V2Error.EVENT_INDEX_CLEARED, "the requested history has been cleared [11/5]", 1010,
        () -> store.watch("/1/k", false, false, 5, e -> true));
    List<Event> seen = new ArrayList<>();
    store.watch("/1/k", false, false, 11, seen::add);
    assertEquals("v10", seen.get(0).node().value());
  }

  @Test
  void aWatcherWhoseSinkRefusesIsDropped() {
    store.watch("/1/foo", false, true, 0, e -> false);
    assertEquals(1, store.watcherCount());
    store.set("/1/foo", false, "a", 0, false);
    assertEquals(0, store.watcherCount());
  }

  @Test
  void saveAndRecoverKeepTheTreeIndexesAndTtls() {
    store.set("/1/foo", false, "bar", 0, false);
    store.create("/1/dir/ttl", false, "soon", false, T0 + SECOND);
    store.set("/1/dir/x", false, "x", 0, false);
    byte[] saved = store.save();

    V2Store copy = new V2Store(() -> now, "/0", "/1");
    copy.recover(saved);
    assertEquals(3, copy.index());
    assertEquals("bar", copy.get("/1/foo", false, false).node().value());
    assertEquals(2, copy.get("/1/dir", false, false).node().createdIndex());
    assertTrue(copy.hasTtlKeys());
    copy.deleteExpiredKeys(T0 + 2 * SECOND);
    assertEquals(4, copy.index());
    assertEquals(List.of("/1/dir/x"), copy.get("/1/dir", false, false).node().nodes().stream()
        .map(NodeExtern::key).toList());
  }

  @Test
  void pathsAreCleanedLikeGo() {
    assertEquals("/1/a/b", Paths.clean("/1//a/./b/"));
    assertEquals("/1/b", Paths.clean("/1/a/../b"));
    assertEquals("/", Paths.clean(""));
  }
}

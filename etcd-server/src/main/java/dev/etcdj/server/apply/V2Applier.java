package dev.etcdj.server.apply;

import dev.etcdj.api.internal.V2Request;
import dev.etcdj.api.internal.V2Response;
import dev.etcdj.server.v2store.Event;
import dev.etcdj.server.v2store.V2Error;
import dev.etcdj.server.v2store.V2Json;
import dev.etcdj.server.v2store.V2Store;
import dev.etcdj.storage.mvcc.MvccStore;

/**
 * Applies replicated v2 requests (etcd's applierV2store) and keeps the v2 tree in the
 * {@value #BUCKET} meta bucket, written in the entry's transaction so the consistent index
 * covers it. The answer carries the event as the keys API writes it.
 */
public final class V2Applier {
  public static final String BUCKET = "v2store";
  private static final byte[] KEY = "tree".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  /** Keys API paths live under this store directory; clients see them without it. */
  public static final String KEYS_PREFIX = "/1";

  private final V2Store store;

  public V2Applier(V2Store store) {
    this.store = store;
  }

  ApplyResult apply(ApplyTxn txn, V2Request r) {
    V2Response.Builder resp = V2Response.newBuilder();
    long before = store.index();
    try {
      Event e = execute(r);
      if (e != null) {
        resp.setEventJson(V2Json.event(e, KEYS_PREFIX, true)).setEtcdIndex(e.etcdIndex()).setCreated(e.isCreated());
      }
    } catch (V2Error err) {
      resp.setErrorCode(err.code()).setErrorCause(err.errorCause()).setErrorIndex(err.index());
    }
    if (store.index() != before) { // every change moves the index; reads and refusals change nothing
      txn.putMeta(BUCKET, KEY, store.save());
    }
    return ApplyResult.of(resp.build());
  }

  private Event execute(V2Request r) {
    long expiration = r.getExpiration();
    boolean refresh = r.hasRefresh() && r.getRefresh();
    return switch (r.getMethod()) {
      case "POST" -> store.create(r.getPath(), r.getDir(), r.getVal(), true, expiration);
      case "PUT" -> put(r, expiration, refresh);
      case "DELETE" -> r.getPrevIndex() > 0 || !r.getPrevValue().isEmpty()
          ? store.compareAndDelete(r.getPath(), r.getPrevValue(), r.getPrevIndex())
          : store.delete(r.getPath(), r.getDir(), r.getRecursive());
      case "QGET" -> store.get(r.getPath(), r.getRecursive(), r.getSorted());
      case "SYNC" -> {
        store.deleteExpiredKeys(r.getTime());
        yield null;
      }
      default -> throw new V2Error(V2Error.RAFT_INTERNAL, "etcdserver: unknown method", 0);
    };
  }

  private Event put(V2Request r, long expiration, boolean refresh) {
    boolean compare = r.getPrevIndex() > 0 || !r.getPrevValue().isEmpty();
    if (r.hasPrevExist()) {
      if (!r.getPrevExist()) {
        return store.create(r.getPath(), r.getDir(), r.getVal(), false, expiration);
      }
      return compare
          ? store.compareAndSwap(r.getPath(), r.getPrevValue(), r.getPrevIndex(), r.getVal(), expiration, refresh)
          : store.update(r.getPath(), r.getVal(), expiration, refresh);
    }
    if (compare) {
      return store.compareAndSwap(r.getPath(), r.getPrevValue(), r.getPrevIndex(), r.getVal(), expiration, refresh);
    }
    return store.set(r.getPath(), r.getDir(), r.getVal(), expiration, refresh);
  }

  /** Loads the tree the backend holds (at start, and after a snapshot replaced the backend). */
  public void reload(MvccStore backend) {
    byte[] saved = backend.getMeta(BUCKET, KEY);
    if (saved != null) {
      store.recover(saved);
    }
  }
}

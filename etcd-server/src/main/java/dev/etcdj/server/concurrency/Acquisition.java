package dev.etcdj.server.concurrency;

import com.google.protobuf.ByteString;
import dev.etcdj.api.Event;
import dev.etcdj.api.KeyValue;
import dev.etcdj.api.PutRequest;
import dev.etcdj.api.RangeRequest;
import dev.etcdj.api.RequestOp;
import dev.etcdj.api.ResponseHeader;
import dev.etcdj.api.TxnRequest;
import dev.etcdj.api.TxnResponse;
import dev.etcdj.server.EtcdError;
import dev.etcdj.server.api.Responses;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One Lock or Campaign request waiting for ownership of a name, as etcd's Mutex.Lock and
 * Election.Campaign: the participant's key {@code <name>/<lease-hex>} is created with the lease
 * (or reused if this lease already has it); then, until no key under the prefix has a smaller
 * create revision, the waiter watches its nearest predecessor's (and its own key's) deletion.
 *
 * <p>Unlike etcd, ownership is re-verified at the moment it is granted: the final check is one
 * linearizable read-only transaction that compares the participant key's create revision with
 * the one it was created at and lists the predecessors, at the same revision. If the key is gone
 * (its lease expired or was revoked while waiting), the request fails with LEASE_NOT_FOUND
 * instead of granting a lock whose lease is dead; if the lease is still alive (someone deleted
 * the key), the key is created again and the wait starts over.
 *
 * <p>{@link #cancel()} (the client went away) stops waiting and deletes the key if it is still
 * ours, as etcd does; any other failure after the key was created deletes it too.
 */
final class Acquisition {
  /** A granted request: the participant key, its create revision, the lease, the header. */
  record Granted(ByteString key, long rev, long lease, ResponseHeader header) {}

  private enum State { RUNNING, DONE, CANCELLED }

  private final Recipes recipes;
  private final ByteString prefix;
  private final ByteString value;
  private final boolean proclaim;
  private final CompletableFuture<Granted> result = new CompletableFuture<>();

  // guarded by this
  private State state = State.RUNNING;
  private long lease;
  private ByteString key;
  private long rev;
  private boolean created;
  private EventWatch watch;

  /**
   * @param proclaim Campaign: an existing key of this lease with another value gets the new
   *     value (etcd's Campaign proclaims); Lock leaves it as it is
   */
  private Acquisition(Recipes recipes, ByteString prefix, ByteString value, boolean proclaim) {
    this.recipes = recipes;
    this.prefix = prefix;
    this.value = value;
    this.proclaim = proclaim;
  }

  static Acquisition start(Recipes recipes, ByteString prefix, long lease, ByteString value, boolean proclaim) {
    Acquisition a = new Acquisition(recipes, prefix, value, proclaim);
    recipes.leaseFor(lease).whenCompleteAsync((id, err) -> {
      if (err != null) {
        a.fail(err);
        return;
      }
      synchronized (a) {
        a.lease = id;
        a.key = Recipes.keyOf(prefix, id);
      }
      a.create();
    }, recipes.executor);
    return a;
  }

  CompletableFuture<Granted> result() {
    return result;
  }

  /** The client cancelled: stop waiting and remove the key if it is still ours. */
  void cancel() {
    boolean cleanup;
    synchronized (this) {
      if (state != State.RUNNING) {
        return;
      }
      state = State.CANCELLED;
      closeWatch();
      cleanup = created;
    }
    result.completeExceptionally(io.grpc.Status.CANCELLED.withDescription("context canceled").asRuntimeException());
    if (cleanup) {
      recipes.deleteIfCreatedAt(key, rev);
    }
  }

  /** The server is stopping: stop waiting, leave the key. */
  void abort() {
    synchronized (this) {
      if (state != State.RUNNING) {
        return;
      }
      state = State.DONE;
      closeWatch();
    }
    result.completeExceptionally(EtcdError.STOPPED.exception());
  }

  private synchronized boolean running() {
    return state == State.RUNNING;
  }

  // ---- steps ----

  /** Creates the key if this lease has none under the prefix, else adopts the existing one. */
  private void create() {
    if (!running()) {
      return;
    }
    RequestOp put = RequestOp.newBuilder().setRequestPut(
        PutRequest.newBuilder().setKey(key).setValue(value).setLease(lease)).build();
    RequestOp get = RequestOp.newBuilder().setRequestRange(RangeRequest.newBuilder().setKey(key)).build();
    TxnRequest txn = TxnRequest.newBuilder().addCompare(Recipes.createdAt(key, 0))
        .addSuccess(put).addFailure(get).build();
    Recipes.call(() -> recipes.kv.txn(txn)).whenCompleteAsync((resp, err) -> {
      if (err != null) {
        fail(err);
        return;
      }
      long myRev;
      KeyValue existing = null;
      if (resp.getSucceeded()) {
        myRev = resp.getHeader().getRevision();
      } else {
        existing = resp.getResponses(0).getResponseRange().getKvs(0);
        myRev = existing.getCreateRevision();
      }
      boolean cleanup;
      synchronized (this) {
        rev = myRev;
        created = true;
        cleanup = state == State.CANCELLED; // cancelled while the txn was in flight
      }
      if (cleanup) {
        recipes.deleteIfCreatedAt(key, myRev);
        return;
      }
      if (proclaim && existing != null && !existing.getValue().equals(value)) {
        recipes.putIfCreatedAt(key, myRev, value, lease).whenCompleteAsync((p, perr) -> {
          if (perr != null) {
            fail(perr);
          } else if (!p.getSucceeded()) {
            fail(ConcurrencyErrors.notLeader());
          } else {
            check();
          }
        }, recipes.executor);
        return;
      }
      check();
    }, recipes.executor);
  }

  /**
   * At one revision: is our key still there with our create revision, and which key created
   * last before it is still alive? None: granted. Else wait for that key's (or our key's)
   * deletion and check again.
   */
  private void check() {
    if (!running()) {
      return;
    }
    RangeRequest predecessors = RangeRequest.newBuilder().setKey(prefix).setRangeEnd(Recipes.prefixEnd(prefix))
        .setMaxCreateRevision(rev - 1).setSortTarget(RangeRequest.SortTarget.CREATE)
        .setSortOrder(RangeRequest.SortOrder.DESCEND).setLimit(1).build();
    TxnRequest txn = TxnRequest.newBuilder().addCompare(Recipes.createdAt(key, rev))
        .addSuccess(RequestOp.newBuilder().setRequestRange(predecessors)).build();
    Recipes.call(() -> recipes.kv.txn(txn)).whenCompleteAsync((resp, err) -> {
      if (err != null) {
        fail(err);
      } else if (!resp.getSucceeded()) {
        keyLost();
      } else if (resp.getResponses(0).getResponseRange().getKvsCount() == 0) {
        grant(resp);
      } else {
        ByteString predecessor = resp.getResponses(0).getResponseRange().getKvs(0).getKey();
        waitForDelete(predecessor, resp.getHeader().getRevision() + 1);
      }
    }, recipes.executor);
  }

  private void keyLost() {
    synchronized (this) {
      created = false;
    }
    if (recipes.leaseTable.exists(lease)) {
      create(); // deleted by someone else while the lease lives: queue up again
    } else {
      fail(EtcdError.LEASE_NOT_FOUND.exception());
    }
  }

  private void waitForDelete(ByteString predecessor, long fromRevision) {
    synchronized (this) {
      if (state != State.RUNNING) {
        return;
      }
      watch = EventWatch.open(recipes.hub, recipes.executor, fromRevision, update -> {
        boolean deleted = update.canceled()
            || update.events().stream().anyMatch(e -> e.getType() == Event.EventType.DELETE);
        if (deleted) {
          synchronized (this) {
            closeWatch();
          }
          check();
          return false;
        }
        return true;
      }, EventWatch.Range.single(predecessor), EventWatch.Range.single(key));
    }
  }

  private void grant(TxnResponse resp) {
    Granted g;
    synchronized (this) {
      if (state != State.RUNNING) {
        return;
      }
      state = State.DONE;
      g = new Granted(key, rev, lease, resp.getHeader());
    }
    result.complete(g);
  }

  private void fail(Throwable err) {
    Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    boolean cleanup;
    synchronized (this) {
      if (state != State.RUNNING) {
        return;
      }
      state = State.DONE;
      closeWatch();
      cleanup = created && Responses.errorOf(cause) != EtcdError.LEASE_NOT_FOUND;
    }
    if (cleanup) {
      recipes.deleteIfCreatedAt(key, rev);
    }
    result.completeExceptionally(cause);
  }

  private void closeWatch() {
    if (watch != null) {
      watch.close();
      watch = null;
    }
  }
}

package dev.etcdj.server.concurrency;

import com.google.protobuf.ByteString;
import dev.etcdj.api.Compare;
import dev.etcdj.api.DeleteRangeRequest;
import dev.etcdj.api.LeaseGrantRequest;
import dev.etcdj.api.PutRequest;
import dev.etcdj.api.RangeRequest;
import dev.etcdj.api.RangeResponse;
import dev.etcdj.api.RequestOp;
import dev.etcdj.api.TxnRequest;
import dev.etcdj.api.TxnResponse;
import dev.etcdj.server.core.RaftKv;
import dev.etcdj.server.kv.LeaseLookup;
import dev.etcdj.server.lease.Leases;
import dev.etcdj.server.watch.WatchHub;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The building blocks shared by the lock and election services: the server's KV, lease and
 * watch machinery, plus the key layout and transactions of etcd's concurrency recipes.
 */
final class Recipes {
  /** etcd's default session TTL, used when a request names no lease (lease 0). */
  static final long DEFAULT_SESSION_TTL = 60;

  final RaftKv kv;
  final Leases leases;
  final LeaseLookup leaseTable;
  final WatchHub hub;
  final Executor executor;

  Recipes(RaftKv kv, Leases leases, LeaseLookup leaseTable, WatchHub hub, Executor executor) {
    this.kv = kv;
    this.leases = leases;
    this.leaseTable = leaseTable;
    this.hub = hub;
    this.executor = executor;
  }

  // ---- key layout ----

  /** The recipes' prefix for a lock or election name: {@code name + "/"}. */
  static ByteString prefix(ByteString name) {
    return name.concat(ByteString.copyFromUtf8("/"));
  }

  /** A participant's key: the prefix and the lease ID in lower-case hex (Go's {@code %x}). */
  static ByteString keyOf(ByteString prefix, long lease) {
    String hex = lease < 0 ? "-" + Long.toHexString(-lease) : Long.toHexString(lease);
    return prefix.concat(ByteString.copyFromUtf8(hex));
  }

  /** The end of the range of all keys starting with {@code prefix} (etcd's GetPrefixRangeEnd). */
  static ByteString prefixEnd(ByteString prefix) {
    byte[] b = prefix.toByteArray();
    for (int i = b.length - 1; i >= 0; i--) {
      if ((b[i] & 0xff) < 0xff) {
        b[i]++;
        return ByteString.copyFrom(b, 0, i + 1);
      }
    }
    return ByteString.copyFrom(new byte[] {0}); // all 0xff: every key after
  }

  // ---- operations ----

  /** The lease to use: the requested one, or (for 0) a new lease with etcd's session TTL. */
  CompletableFuture<Long> leaseFor(long requested) {
    if (requested != 0) {
      return CompletableFuture.completedFuture(requested);
    }
    return call(() -> leases.grant(LeaseGrantRequest.newBuilder().setTTL(DEFAULT_SESSION_TTL).build()))
        .thenApply(r -> r.getID());
  }

  /** The key with the lowest create revision under {@code prefix} (linearizable). */
  CompletableFuture<RangeResponse> firstCreated(ByteString prefix) {
    return call(() -> kv.range(RangeRequest.newBuilder().setKey(prefix).setRangeEnd(prefixEnd(prefix))
        .setSortTarget(RangeRequest.SortTarget.CREATE).setSortOrder(RangeRequest.SortOrder.ASCEND)
        .setLimit(1).build()));
  }

  /**
   * Puts {@code value} (with {@code lease}) only while {@code key} has create revision
   * {@code rev}. Lease 0 (a request without one) keeps the key's lease rather than detaching it.
   */
  CompletableFuture<TxnResponse> putIfCreatedAt(ByteString key, long rev, ByteString value, long lease) {
    PutRequest.Builder put = PutRequest.newBuilder().setKey(key).setValue(value);
    if (lease == 0) {
      put.setIgnoreLease(true);
    } else {
      put.setLease(lease);
    }
    return call(() -> kv.txn(TxnRequest.newBuilder().addCompare(createdAt(key, rev))
        .addSuccess(RequestOp.newBuilder().setRequestPut(put)).build()));
  }

  /** Deletes {@code key} only while it has create revision {@code rev} (it is still ours). */
  CompletableFuture<TxnResponse> deleteIfCreatedAt(ByteString key, long rev) {
    return call(() -> kv.txn(TxnRequest.newBuilder().addCompare(createdAt(key, rev))
        .addSuccess(RequestOp.newBuilder().setRequestDeleteRange(DeleteRangeRequest.newBuilder().setKey(key)))
        .build()));
  }

  static Compare createdAt(ByteString key, long rev) {
    return Compare.newBuilder().setKey(key).setTarget(Compare.CompareTarget.CREATE)
        .setResult(Compare.CompareResult.EQUAL).setCreateRevision(rev).build();
  }

  /** Runs a core call, turning a synchronous failure (validation) into a failed future. */
  static <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> op) {
    try {
      return op.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}

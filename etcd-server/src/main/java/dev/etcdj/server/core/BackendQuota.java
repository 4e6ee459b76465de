package dev.etcdj.server.core;

import com.google.protobuf.Message;
import dev.etcdj.api.PutRequest;
import dev.etcdj.api.RequestOp;
import dev.etcdj.api.TxnRequest;
import java.util.function.LongSupplier;

/**
 * etcd's backend quota: a request that would grow the store beyond
 * {@code --quota-backend-bytes} is refused and raises the NOSPACE alarm. 0 means etcd's default
 * of 2 GiB, a negative value turns the quota off. The size counted is the data the store holds
 * (RocksDB's live data and memtables), not its fixed bookkeeping files, so small quotas behave
 * as they do on etcd's bbolt file and a defragmentation after compaction frees space.
 */
public final class BackendQuota {
  public static final long DEFAULT_BYTES = 2L * 1024 * 1024 * 1024;
  /** etcd's estimate of the bookkeeping a key costs beyond its key and value bytes. */
  private static final long KV_OVERHEAD = 256;

  private final long limit;
  private final LongSupplier size;

  public BackendQuota(long quotaBackendBytes, LongSupplier size) {
    this.limit = quotaBackendBytes == 0 ? DEFAULT_BYTES : quotaBackendBytes;
    this.size = size;
  }

  public long limit() {
    return limit < 0 ? 0 : limit;
  }

  public boolean available(Message request) {
    return limit < 0 || size.getAsLong() + cost(request) <= limit;
  }

  static long cost(Message request) {
    if (request instanceof PutRequest p) {
      return p.getKey().size() + p.getValue().size() + KV_OVERHEAD;
    }
    if (request instanceof TxnRequest t) {
      long c = 0;
      for (RequestOp op : t.getSuccessList()) {
        c += opCost(op);
      }
      long f = 0;
      for (RequestOp op : t.getFailureList()) {
        f += opCost(op);
      }
      return Math.max(c, f);
    }
    return 0;
  }

  private static long opCost(RequestOp op) {
    if (op.hasRequestPut()) {
      return cost(op.getRequestPut());
    }
    return op.hasRequestTxn() ? cost(op.getRequestTxn()) : 0;
  }
}

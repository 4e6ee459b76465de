package dev.etcdj.server.kv;

import com.google.protobuf.ByteString;
import dev.etcdj.api.KeyValue;
import dev.etcdj.api.RangeRequest;
import dev.etcdj.api.RangeResponse;
import dev.etcdj.api.ResponseHeader;
import dev.etcdj.storage.mvcc.RangeResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/** etcd's Range: revision filters and sorting applied after the store's range scan. */
public final class RangeEvaluator {
  private RangeEvaluator() {}

  public static RangeResponse range(KvView view, RangeRequest r) {
    boolean fetchAll = r.getSortOrder() != RangeRequest.SortOrder.NONE
        || r.getMinModRevision() != 0 || r.getMaxModRevision() != 0
        || r.getMinCreateRevision() != 0 || r.getMaxCreateRevision() != 0;
    long limit = fetchAll ? 0 : r.getLimit();
    if (limit > 0) {
      limit++; // one extra tells whether there is more
    }
    RangeResult rr = view.range(
        r.getKey().toByteArray(), r.getRangeEnd().toByteArray(), r.getRevision(), limit, r.getCountOnly());

    List<KeyValue> kvs = new ArrayList<>(rr.kvs());
    prune(kvs, r.getMaxModRevision() != 0, kv -> kv.getModRevision() > r.getMaxModRevision());
    prune(kvs, r.getMinModRevision() != 0, kv -> kv.getModRevision() < r.getMinModRevision());
    prune(kvs, r.getMaxCreateRevision() != 0, kv -> kv.getCreateRevision() > r.getMaxCreateRevision());
    prune(kvs, r.getMinCreateRevision() != 0, kv -> kv.getCreateRevision() < r.getMinCreateRevision());

    RangeRequest.SortOrder order = r.getSortOrder();
    if (r.getSortTarget() != RangeRequest.SortTarget.KEY && order == RangeRequest.SortOrder.NONE) {
      order = RangeRequest.SortOrder.ASCEND; // the store already returns keys ascending
    }
    if (order != RangeRequest.SortOrder.NONE) {
      Comparator<KeyValue> cmp = comparator(r.getSortTarget());
      kvs.sort(order == RangeRequest.SortOrder.DESCEND ? cmp.reversed() : cmp);
    }

    RangeResponse.Builder resp = RangeResponse.newBuilder()
        .setHeader(ResponseHeader.newBuilder().setRevision(rr.revision()))
        .setCount(rr.count());
    if (r.getLimit() > 0 && kvs.size() > r.getLimit()) {
      kvs = kvs.subList(0, (int) r.getLimit());
      resp.setMore(true);
    }
    for (KeyValue kv : kvs) {
      resp.addKvs(r.getKeysOnly() ? kv.toBuilder().clearValue().build() : kv);
    }
    return resp.build();
  }

  private static void prune(List<KeyValue> kvs, boolean active, Predicate<KeyValue> drop) {
    if (active) {
      kvs.removeIf(drop);
    }
  }

  private static Comparator<KeyValue> comparator(RangeRequest.SortTarget target) {
    return switch (target) {
      case VERSION -> Comparator.comparingLong(KeyValue::getVersion);
      case CREATE -> Comparator.comparingLong(KeyValue::getCreateRevision);
      case MOD -> Comparator.comparingLong(KeyValue::getModRevision);
      case VALUE -> Comparator.comparing(KeyValue::getValue, ByteString.unsignedLexicographicalComparator());
      default -> Comparator.comparing(KeyValue::getKey, ByteString.unsignedLexicographicalComparator());
    };
  }
}

package dev.etcdj.server.kv;

import com.google.protobuf.ByteString;
import dev.etcdj.api.Compare;
import dev.etcdj.api.KeyValue;
import java.util.List;

/** Evaluates a Txn's compares as etcd does: every key in a compare's range must satisfy it. */
final class Compares {
  private Compares() {}

  static boolean all(KvView view, List<Compare> compares) {
    for (Compare c : compares) {
      if (!holds(view, c)) {
        return false;
      }
    }
    return true;
  }

  private static boolean holds(KvView view, Compare c) {
    List<KeyValue> kvs;
    try {
      kvs = view.range(c.getKey().toByteArray(), c.getRangeEnd().toByteArray(), 0, 0, false).kvs();
    } catch (RuntimeException e) {
      return false;
    }
    if (kvs.isEmpty()) {
      // a missing key has no value to compare; its revisions, version and lease are zero
      return c.getTarget() != Compare.CompareTarget.VALUE && matches(c, KeyValue.getDefaultInstance());
    }
    for (KeyValue kv : kvs) {
      if (!matches(c, kv)) {
        return false;
      }
    }
    return true;
  }

  private static boolean matches(Compare c, KeyValue kv) {
    int result = switch (c.getTarget()) {
      case VALUE -> ByteString.unsignedLexicographicalComparator().compare(kv.getValue(), c.getValue());
      case CREATE -> Long.compare(kv.getCreateRevision(), c.getCreateRevision());
      case MOD -> Long.compare(kv.getModRevision(), c.getModRevision());
      case VERSION -> Long.compare(kv.getVersion(), c.getVersion());
      case LEASE -> Long.compare(kv.getLease(), c.getLease());
      case UNRECOGNIZED -> 0;
    };
    return switch (c.getResult()) {
      case EQUAL -> result == 0;
      case NOT_EQUAL -> result != 0;
      case GREATER -> result > 0;
      case LESS -> result < 0;
      case UNRECOGNIZED -> true;
    };
  }
}

package dev.etcdj.server.v2store;

import java.util.EnumMap;
import java.util.Map;

/** The operation counters of {@code /v2/stats/store} (etcd's v2store {@code Stats}). */
final class V2Stats {
  enum Op {
    GET("getsSuccess", "getsFail"),
    SET("setsSuccess", "setsFail"),
    DELETE("deleteSuccess", "deleteFail"),
    UPDATE("updateSuccess", "updateFail"),
    CREATE("createSuccess", "createFail"),
    COMPARE_AND_SWAP("compareAndSwapSuccess", "compareAndSwapFail"),
    COMPARE_AND_DELETE("compareAndDeleteSuccess", "compareAndDeleteFail");

    final String success;
    final String fail;

    Op(String success, String fail) {
      this.success = success;
      this.fail = fail;
    }
  }

  private final Map<Op, long[]> counts = new EnumMap<>(Op.class);
  private long expireCount;

  V2Stats() {
    for (Op op : Op.values()) {
      counts.put(op, new long[2]);
    }
  }

  synchronized void success(Op op) {
    counts.get(op)[0]++;
  }

  synchronized void fail(Op op) {
    counts.get(op)[1]++;
  }

  synchronized void expired() {
    expireCount++;
  }

  synchronized String json(int watchers) {
    StringBuilder sb = new StringBuilder("{");
    for (Op op : Op.values()) {
      sb.append('"').append(op.success).append("\":").append(counts.get(op)[0]).append(',');
      sb.append('"').append(op.fail).append("\":").append(counts.get(op)[1]).append(',');
    }
    return sb.append("\"expireCount\":").append(expireCount).append(",\"watchers\":").append(watchers)
        .append('}').toString();
  }
}

package dev.etcdj.storage.mvcc;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.etcdj.api.KeyValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * A consistent read view of the index and kv column families: a RocksDB snapshot for readers,
 * or the database plus the uncommitted batch for the write transaction. Holds the index
 * algorithms (newest revision of a key at a revision, range scans) shared by both.
 */
abstract class View {
  abstract RocksIterator indexIterator();

  abstract byte[] getKv(byte[] revKey) throws RocksDBException;

  List<byte[]> getKvs(List<byte[]> revKeys) throws RocksDBException {
    List<byte[]> out = new ArrayList<>(revKeys.size());
    for (byte[] k : revKeys) {
      out.add(getKv(k));
    }
    return out;
  }

  /** Answer of a scan: revision keys (kv CF) of the first {@code limit} live keys, and count. */
  record Scan(List<byte[]> revKeys, long count) {}

  /**
   * Finds, for every key in the range, its newest index entry with main revision <= rev, and
   * keeps it if it is a put (tombstoned keys do not exist at rev).
   *
   * <p>Worked example: keys "a" (puts at 2 and 5, tombstone at 7) and "b" (put at 3). The index
   * holds, in order: enc(a)+~7 [T], enc(a)+~5, enc(a)+~2, enc(b)+~3. At rev 6: the group of "a"
   * starts with ~7 (main 7 > 6), so we seek to enc(a)+~6 and land on ~5 (a put: "a" exists);
   * then skip the group (next, or seek enc(a)+SKIP) and find enc(b)+~3 (a put). At rev 8: "a"'s
   * newest entry is the tombstone, so only "b" matches.
   */
  Scan scan(byte[] key, byte[] rangeEnd, long rev, long limit, boolean countOnly) {
    byte[] lower = Keys.enc(key);
    byte[] upper;
    if (rangeEnd == null || rangeEnd.length == 0) {
      upper = Keys.concat(lower, Keys.SKIP);
    } else if (rangeEnd.length == 1 && rangeEnd[0] == 0) {
      upper = null; // all keys >= key
    } else {
      if (Arrays.compareUnsigned(key, rangeEnd) >= 0) {
        return new Scan(List.of(), 0);
      }
      upper = Keys.enc(rangeEnd);
    }
    byte[] revSuffix = new byte[Keys.REV_LEN];
    Keys.putLong(revSuffix, 0, ~rev); // then 8 zero bytes: ~sub for the largest sub
    List<byte[]> revKeys = new ArrayList<>();
    long count = 0;
    try (RocksIterator it = indexIterator()) {
      it.seek(lower);
      while (it.isValid()) {
        byte[] k = it.key();
        if (upper != null && Arrays.compareUnsigned(k, upper) >= 0) {
          break;
        }
        if (Keys.indexMain(k) > rev) {
          it.seek(Keys.concat(Keys.groupPrefix(k), revSuffix));
          if (!it.isValid()) {
            break;
          }
          byte[] k2 = it.key();
          if (!Keys.sameGroup(k, k2)) {
            continue; // no revision <= rev for this key; k2 starts the next group
          }
          k = k2;
        }
        if (it.value()[0] == Keys.FLAG_PUT) {
          count++;
          if (!countOnly && (limit <= 0 || revKeys.size() < limit)) {
            revKeys.add(Keys.rev(Keys.indexMain(k), Keys.indexSub(k)));
          }
        }
        it.next();
        if (it.isValid() && Keys.sameGroup(k, it.key())) {
          it.seek(Keys.concat(Keys.groupPrefix(k), Keys.SKIP));
        }
      }
      checkStatus(it);
    }
    return new Scan(revKeys, count);
  }

  /** Range: the kvs of {@link #scan}. */
  RangeResult range(byte[] key, byte[] rangeEnd, long rev, long limit, boolean countOnly,
      long headerRev) {
    Scan s = scan(key, rangeEnd, rev, limit, countOnly);
    if (s.revKeys().isEmpty()) {
      return new RangeResult(List.of(), s.count(), headerRev);
    }
    try {
      List<byte[]> vals = getKvs(s.revKeys());
      List<KeyValue> kvs = new ArrayList<>(vals.size());
      for (int i = 0; i < vals.size(); i++) {
        kvs.add(parse(vals.get(i), s.revKeys().get(i)));
      }
      return new RangeResult(kvs, s.count(), headerRev);
    } catch (RocksDBException e) {
      throw new MvccException("mvcc: range failed", e);
    }
  }

  /**
   * The newest index entry of {@code key} strictly older than (main, sub), or at or below main
   * when {@code sub} is -1 (the largest sub). Returns null if none.
   */
  byte[] newestIndexEntry(byte[] encKey, long main, long sub, boolean[] isPut) {
    byte[] target = Keys.indexKey(encKey, main, sub);
    try (RocksIterator it = indexIterator()) {
      it.seek(target);
      if (it.isValid() && sub != -1 && Arrays.equals(it.key(), target)) {
        it.next(); // strictly older than (main, sub)
      }
      if (!it.isValid()) {
        checkStatus(it);
        return null;
      }
      byte[] k = it.key();
      if (k.length != encKey.length + Keys.REV_LEN
          || !Arrays.equals(k, 0, encKey.length, encKey, 0, encKey.length)) {
        return null;
      }
      isPut[0] = it.value()[0] == Keys.FLAG_PUT;
      return k;
    }
  }

  /** The live value of key at (main, sub) or before (see newestIndexEntry), or null. */
  KeyValue liveKv(byte[] encKey, long main, long sub) {
    boolean[] put = new boolean[1];
    byte[] ik = newestIndexEntry(encKey, main, sub, put);
    if (ik == null || !put[0]) {
      return null;
    }
    byte[] rk = Keys.rev(Keys.indexMain(ik), Keys.indexSub(ik));
    try {
      return parse(getKv(rk), rk);
    } catch (RocksDBException e) {
      throw new MvccException("mvcc: read failed", e);
    }
  }

  static KeyValue parse(byte[] v, byte[] revKey) {
    if (v == null) {
      throw new MvccException("mvcc: index points to missing revision "
          + Keys.revMain(revKey) + "_" + Keys.revSub(revKey));
    }
    try {
      return KeyValue.parseFrom(v);
    } catch (InvalidProtocolBufferException e) {
      throw new MvccException("mvcc: corrupt value at revision " + Keys.revMain(revKey), e);
    }
  }

  static void checkStatus(RocksIterator it) {
    try {
      it.status();
    } catch (RocksDBException e) {
      throw new MvccException("mvcc: iterator failed", e);
    }
  }
}

package dev.etcdj.server.lease;

import dev.etcdj.storage.mvcc.MetaEntry;
import dev.etcdj.storage.mvcc.MvccStore;
import java.util.List;

/** Rebuilds a lessor from the store: the "lease" bucket and the leases of the live keys. */
public final class LeaseRecovery {
  private static final byte[] FROM_FIRST_KEY = {0};

  private LeaseRecovery() {}

  public static void recover(Lessor lessor, MvccStore store) {
    List<LeaseRecord> records = store.scanMeta(LeaseRecord.BUCKET).stream()
        .map(MetaEntry::value).map(LeaseRecord::decode).toList();
    lessor.recover(records, store.range(FROM_FIRST_KEY, FROM_FIRST_KEY, 0, 0, false).kvs());
  }
}

package dev.etcdj.server.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.etcdj.api.AlarmRequest;
import dev.etcdj.api.AlarmType;
import dev.etcdj.api.CompactionRequest;
import dev.etcdj.api.DeleteRangeRequest;
import dev.etcdj.api.LeaseGrantRequest;
import dev.etcdj.api.LeaseGrantResponse;
import dev.etcdj.api.LeaseRevokeRequest;
import dev.etcdj.api.LeaseRevokeResponse;
import dev.etcdj.api.PutRequest;
import dev.etcdj.api.TxnRequest;
import dev.etcdj.server.EtcdError;
import org.junit.jupiter.api.Test;

/** While NOSPACE is active, LeaseGrant is refused (etcd's applierV3Capped); LeaseRevoke is not. */
class CappedApplierLeaseTest {
  static final class Backend implements Applier {
    @Override
    public ApplyResult put(ApplyTxn txn, PutRequest r) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ApplyResult deleteRange(ApplyTxn txn, DeleteRangeRequest r) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ApplyResult txn(ApplyTxn txn, TxnRequest r) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ApplyResult compaction(CompactionRequest r, long index) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ApplyResult alarm(ApplyTxn txn, AlarmRequest r) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ApplyResult leaseGrant(ApplyTxn txn, LeaseGrantRequest r) {
      return ApplyResult.of(LeaseGrantResponse.newBuilder().setID(r.getID()).build());
    }

    @Override
    public ApplyResult leaseRevoke(ApplyTxn txn, LeaseRevokeRequest r) {
      return ApplyResult.of(LeaseRevokeResponse.getDefaultInstance());
    }
  }

  @Test
  void grantRefusedWhileNoSpaceRevokeAllowed() {
    AlarmStore alarms = new AlarmStore();
    CappedApplier capped = new CappedApplier(new Backend(), alarms);
    LeaseGrantRequest grant = LeaseGrantRequest.newBuilder().setID(1).setTTL(10).build();
    assertNull(capped.leaseGrant(null, grant).error());

    alarms.activate(1, AlarmType.NOSPACE);
    assertEquals(EtcdError.NO_SPACE, capped.leaseGrant(null, grant).error().error());
    assertNull(capped.leaseRevoke(null, LeaseRevokeRequest.newBuilder().setID(1).build()).error());
  }
}

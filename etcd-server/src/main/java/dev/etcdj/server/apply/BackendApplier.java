package dev.etcdj.server.apply;

import dev.etcdj.api.AlarmRequest;
import dev.etcdj.api.AlarmResponse;
import dev.etcdj.api.AlarmType;
import dev.etcdj.api.CompactionRequest;
import dev.etcdj.api.CompactionResponse;
import dev.etcdj.api.DeleteRangeRequest;
import dev.etcdj.api.LeaseCheckpointRequest;
import dev.etcdj.api.LeaseGrantRequest;
import dev.etcdj.api.LeaseRevokeRequest;
import dev.etcdj.api.PutRequest;
import dev.etcdj.api.ResponseHeader;
import dev.etcdj.api.TxnRequest;
import dev.etcdj.server.EtcdError;
import dev.etcdj.server.EtcdException;
import dev.etcdj.server.kv.KvApplier;
import dev.etcdj.server.lease.LeaseApplier;

import dev.etcdj.storage.mvcc.CompactedException;
import dev.etcdj.storage.mvcc.FutureRevisionException;
import dev.etcdj.storage.mvcc.MvccStore;
import java.util.function.Supplier;

/** The innermost applier: executes requests against the MVCC store. */
public final class BackendApplier implements Applier {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("etcdserver");
  private final MvccStore store;
  private final KvApplier kv;
  private final AlarmStore alarms;
  private final CompactionTracker compactions;
  private final LeaseApplier leases;

  public BackendApplier(MvccStore store, KvApplier kv, AlarmStore alarms, CompactionTracker compactions,
      LeaseApplier leases) {
    this.leases = leases;
    this.store = store;
    this.kv = kv;
    this.alarms = alarms;
    this.compactions = compactions;
  }

  @Override
  public ApplyResult put(ApplyTxn txn, PutRequest r) {
    return guarded(() -> kv.put(txn, r));
  }

  @Override
  public ApplyResult deleteRange(ApplyTxn txn, DeleteRangeRequest r) {
    return guarded(() -> kv.deleteRange(txn, r));
  }

  @Override
  public ApplyResult txn(ApplyTxn txn, TxnRequest r) {
    return guarded(() -> kv.txn(txn, r));
  }

  @Override
  public ApplyResult compaction(CompactionRequest r, long index) {
    return guarded(() -> {
      compactions.started(r.getRevision(), store.compact(r.getRevision(), index));
      return CompactionResponse.newBuilder()
          .setHeader(ResponseHeader.newBuilder().setRevision(store.currentRevision()))
          .build();
    });
  }

  @Override
  public ApplyResult alarm(ApplyTxn txn, AlarmRequest r) {
    AlarmResponse.Builder resp = AlarmResponse.newBuilder().setHeader(ResponseHeader.getDefaultInstance());
    AlarmType type = r.getAlarm();
    switch (r.getAction()) {
      case GET -> resp.addAllAlarms(alarms.list(type));
      case ACTIVATE -> {
        if (type != AlarmType.NONE && alarms.activate(r.getMemberID(), type)) {
          txn.putMeta(AlarmStore.BUCKET, AlarmStore.key(r.getMemberID(), type), new byte[0]);
          resp.addAlarms(alarmMember(r));
          if (alarms.list(type).size() == 1) {
            LOG.warn("alarm {} raised by peer {}", type, Long.toHexString(r.getMemberID()));
          }
        }
      }
      case DEACTIVATE -> {
        if (alarms.deactivate(r.getMemberID(), type)) {
          txn.deleteMeta(AlarmStore.BUCKET, AlarmStore.key(r.getMemberID(), type));
          resp.addAlarms(alarmMember(r));
          if (alarms.list(type).isEmpty()) {
            LOG.info("alarm disarmed &{Action:" + r.getAction() + " MemberID:" + r.getMemberID() + " Alarm:" + type + "}");
          }
        }
      }
      default -> { }
    }
    return ApplyResult.of(resp.build());
  }

  @Override
  public ApplyResult leaseGrant(ApplyTxn txn, LeaseGrantRequest r) {
    return guarded(() -> leases.grant(meta(txn), r));
  }

  @Override
  public ApplyResult leaseRevoke(ApplyTxn txn, LeaseRevokeRequest r) {
    return guarded(() -> leases.revoke(txn, meta(txn), r));
  }

  @Override
  public ApplyResult leaseCheckpoint(ApplyTxn txn, LeaseCheckpointRequest r) {
    return guarded(() -> leases.checkpoint(meta(txn), r));
  }

  private static LeaseApplier.Meta meta(ApplyTxn txn) {
    return new LeaseApplier.Meta() {
      @Override
      public void put(String bucket, byte[] key, byte[] value) {
        txn.putMeta(bucket, key, value);
      }

      @Override
      public void delete(String bucket, byte[] key) {
        txn.deleteMeta(bucket, key);
      }
    };
  }

  private static dev.etcdj.api.AlarmMember alarmMember(AlarmRequest r) {
    return dev.etcdj.api.AlarmMember.newBuilder().setMemberID(r.getMemberID()).setAlarm(r.getAlarm()).build();
  }

  private static ApplyResult guarded(Supplier<com.google.protobuf.Message> op) {
    try {
      return ApplyResult.of(op.get());
    } catch (EtcdException e) {
      return ApplyResult.failed(e);
    } catch (CompactedException e) {
      return ApplyResult.failed(EtcdError.COMPACTED.exception());
    } catch (FutureRevisionException e) {
      return ApplyResult.failed(EtcdError.FUTURE_REV.exception());
    }
  }
}

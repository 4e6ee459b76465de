package dev.etcdj.server.lease;

import com.google.protobuf.ByteString;
import dev.etcdj.api.LeaseCheckpoint;
import dev.etcdj.api.LeaseCheckpointRequest;
import dev.etcdj.api.LeaseCheckpointResponse;
import dev.etcdj.api.LeaseGrantRequest;
import dev.etcdj.api.LeaseGrantResponse;
import dev.etcdj.api.LeaseRevokeRequest;
import dev.etcdj.api.LeaseRevokeResponse;
import dev.etcdj.api.ResponseHeader;
import dev.etcdj.server.EtcdError;
import dev.etcdj.server.kv.KvView;

/**
 * Applies replicated LeaseGrant and LeaseRevoke inside the entry's write transaction, so the
 * "lease" bucket, the deleted keys and the consistent index commit together. Apply thread only.
 */
public final class LeaseApplier {
  /** The transaction's meta bucket writes. */
  public interface Meta {
    void put(String bucket, byte[] key, byte[] value);

    void delete(String bucket, byte[] key);
  }

  private final Lessor lessor;
  private final Runnable granted;
  private final Runnable revoked;
  private final boolean persistCheckpoints;

  /** {@code granted}/{@code revoked} count applied grants and revocations (metrics). */
  public LeaseApplier(Lessor lessor, Runnable granted, Runnable revoked) {
    this(lessor, granted, revoked, false);
  }

  /**
   * @param persistCheckpoints store checkpointed remaining TTLs in the lease bucket, so they
   *     survive a restart ({@code --experimental-enable-lease-checkpoint-persist})
   */
  public LeaseApplier(Lessor lessor, Runnable granted, Runnable revoked, boolean persistCheckpoints) {
    this.lessor = lessor;
    this.granted = granted;
    this.revoked = revoked;
    this.persistCheckpoints = persistCheckpoints;
  }

  /** Records each lease's remaining TTL; unknown leases are skipped, as etcd's Checkpoint. */
  public LeaseCheckpointResponse checkpoint(Meta meta, LeaseCheckpointRequest r) {
    for (LeaseCheckpoint c : r.getCheckpointsList()) {
      LeaseRecord record = lessor.checkpoint(c.getID(), c.getRemainingTTL());
      if (record != null && persistCheckpoints) {
        meta.put(LeaseRecord.BUCKET, record.key(), record.value());
      }
    }
    return LeaseCheckpointResponse.newBuilder().setHeader(ResponseHeader.getDefaultInstance()).build();
  }

  public LeaseGrantResponse grant(Meta meta, LeaseGrantRequest r) {
    long ttl = lessor.grant(r.getID(), r.getTTL());
    meta.put(LeaseRecord.BUCKET, LeaseRecord.key(r.getID()), new LeaseRecord(r.getID(), ttl).value());
    granted.run();
    return LeaseGrantResponse.newBuilder().setHeader(ResponseHeader.getDefaultInstance())
        .setID(r.getID()).setTTL(ttl).build();
  }

  /** Deletes every attached key (one revision, in key order, as etcd) and then the lease. */
  public LeaseRevokeResponse revoke(KvView view, Meta meta, LeaseRevokeRequest r) {
    long id = r.getID();
    if (!lessor.exists(id)) {
      throw EtcdError.LEASE_NOT_FOUND.exception();
    }
    for (ByteString key : lessor.keysOf(id)) {
      view.deleteRange(key.toByteArray(), null);
    }
    meta.delete(LeaseRecord.BUCKET, LeaseRecord.key(id));
    lessor.remove(id);
    revoked.run();
    return LeaseRevokeResponse.newBuilder().setHeader(ResponseHeader.getDefaultInstance()).build();
  }
}

/**
 * etcd's leases (its {@code lease} package and v3 Lease service).
 *
 * <p>Grant and Revoke are replicated requests applied on every member ({@link LeaseApplier});
 * the lease table and the lease→keys index ({@link Lessor}, {@link LeaseKeys}) are derived from
 * the store and rebuilt from it at start and after a snapshot install. Expiry is a leader-only
 * decision: the leader's lessor is the "primary" ({@link LeaseExpiry} promotes it when this
 * member becomes leader and demotes it when it stops being leader), tracks each lease's expiry
 * in memory, answers renewals, and proposes a Revoke for each expired lease. Followers keep
 * every lease's expiry at "forever" and forward renewals and TimeToLive to the leader
 * ({@link LeaseForwarder}).
 *
 * <p>With {@code --experimental-enable-lease-checkpoint} the primary also proposes each lease's
 * remaining TTL every checkpoint interval ({@link LeaseCheckpointer}; etcd's fixed 5 minutes,
 * changeable for tests through the system property {@code etcdj.leaseCheckpointIntervalMs});
 * every member records it, so the next leader refreshes the lease to the checkpointed TTL
 * instead of the full one. A renewal clears the checkpoint through Raft first. With
 * {@code --experimental-enable-lease-checkpoint-persist} the checkpoint is also stored in the
 * lease bucket (etcd's leasepb.Lease RemainingTTL) and survives restarts.
 */
package dev.etcdj.server.lease;

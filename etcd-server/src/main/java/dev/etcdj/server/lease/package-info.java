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
 */
package dev.etcdj.server.lease;

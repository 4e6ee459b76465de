package dev.etcdj.server.lease;

import com.google.protobuf.ByteString;
import dev.etcdj.api.LeaseCheckpoint;
import dev.etcdj.api.LeaseCheckpointRequest;
import dev.etcdj.api.LeaseCheckpointResponse;
import dev.etcdj.api.LeaseGrantRequest;
import dev.etcdj.api.LeaseGrantResponse;
import dev.etcdj.api.LeaseLeasesResponse;
import dev.etcdj.api.LeaseRevokeRequest;
import dev.etcdj.api.LeaseRevokeResponse;
import dev.etcdj.api.LeaseStatus;
import dev.etcdj.api.LeaseTimeToLiveRequest;
import dev.etcdj.api.LeaseTimeToLiveResponse;
import dev.etcdj.api.ResponseHeader;
import dev.etcdj.api.internal.InternalRequest;
import dev.etcdj.server.EtcdError;
import dev.etcdj.server.api.Responses;
import dev.etcdj.server.apply.AppliedIndex;
import dev.etcdj.server.consensus.Consensus;
import dev.etcdj.server.core.Proposals;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The Lease operations of the v3 API (etcd's EtcdServer.Lease*): Grant and Revoke are proposed
 * through Raft; Renew and TimeToLive are answered by the primary lessor, here if this member
 * leads and is promoted, otherwise by the leader through the {@link LeaseForwarder}, retrying
 * (e.g. across a leader change) until the request timeout; Leases lists the local table.
 */
public final class Leases implements AutoCloseable {
  private static final long RETRY_MS = 100;
  /** Errors after which another attempt may succeed (no leader yet, stale leader, promotion). */
  private static final Set<EtcdError> RETRYABLE = EnumSet.of(EtcdError.NOT_LEADER, EtcdError.NO_LEADER);

  private final Lessor lessor;
  private final Proposals proposals;
  private final Consensus consensus;
  private final AppliedIndex applied;
  private final LeaseForwarder forwarder;
  private final long memberId;
  private final Duration timeout;
  private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "lease-retry");
    t.setDaemon(true);
    return t;
  });

  public Leases(Lessor lessor, Proposals proposals, Consensus consensus, AppliedIndex applied,
      LeaseForwarder forwarder, long memberId, Duration timeout) {
    this.lessor = lessor;
    this.proposals = proposals;
    this.consensus = consensus;
    this.applied = applied;
    this.forwarder = forwarder;
    this.memberId = memberId;
    this.timeout = timeout;
  }

  /** ID 0 asks the server to choose a unique positive ID, as etcd does. */
  public CompletableFuture<LeaseGrantResponse> grant(LeaseGrantRequest r) {
    LeaseGrantRequest.Builder b = r.toBuilder();
    while (b.getID() == 0) {
      b.setID(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }
    return proposals.propose(InternalRequest.newBuilder().setLeaseGrant(b));
  }

  public CompletableFuture<LeaseRevokeResponse> revoke(LeaseRevokeRequest r) {
    return proposals.propose(InternalRequest.newBuilder().setLeaseRevoke(r));
  }

  /** Proposes the revocation of an expired lease (the leader's {@link LeaseExpiry}). */
  public CompletableFuture<LeaseRevokeResponse> revoke(long id) {
    return revoke(LeaseRevokeRequest.newBuilder().setID(id).build());
  }

  /**
   * Renews on the primary; completes with the TTL, or fails with LEASE_NOT_FOUND (unknown or
   * expired) or another etcd error.
   *
   * @param forwarded the call came from another member: never forward it again
   */
  public CompletableFuture<Long> renew(long id, boolean forwarded) {
    return retrying(() -> {
      if (isPrimaryLeader()) {
        if (lessor.hasCheckpoint(id)) {
          // the renewed lease must not fall back to its checkpoint on the next leader (etcd's Renew)
          return checkpoint(LeaseCheckpointRequest.newBuilder()
                  .addCheckpoints(LeaseCheckpoint.newBuilder().setID(id).setRemainingTTL(0)).build())
              .handle((v, err) -> null)
              .thenCompose(v -> onPrimary(() -> lessor.renew(id)));
        }
        return onPrimary(() -> lessor.renew(id));
      }
      return forwarded ? notLeader() : forwarder.renew(leader(), id);
    }, deadline());
  }

  /** Proposes lease checkpoints (the primary's {@link LeaseCheckpointer}). */
  public CompletableFuture<LeaseCheckpointResponse> checkpoint(LeaseCheckpointRequest r) {
    return proposals.propose(InternalRequest.newBuilder().setLeaseCheckpoint(r));
  }

  /** TimeToLive from the primary; an unknown lease is answered with TTL -1, as etcd. */
  public CompletableFuture<LeaseTimeToLiveResponse> timeToLive(LeaseTimeToLiveRequest r, boolean forwarded) {
    return retrying(() -> {
      if (isPrimaryLeader()) {
        return onPrimary(() -> timeToLiveHere(r));
      }
      return forwarded ? notLeader() : forwarder.timeToLive(leader(), r);
    }, deadline()).exceptionally(t -> {
      if (Responses.errorOf(t) == EtcdError.LEASE_NOT_FOUND) {
        return LeaseTimeToLiveResponse.newBuilder().setHeader(ResponseHeader.getDefaultInstance())
            .setID(r.getID()).setTTL(-1).build();
      }
      throw t instanceof RuntimeException e ? e : new java.util.concurrent.CompletionException(t);
    });
  }

  public LeaseLeasesResponse leases() {
    LeaseLeasesResponse.Builder b = LeaseLeasesResponse.newBuilder().setHeader(ResponseHeader.getDefaultInstance());
    lessor.ids().forEach(id -> b.addLeases(LeaseStatus.newBuilder().setID(id)));
    return b.build();
  }

  private LeaseTimeToLiveResponse timeToLiveHere(LeaseTimeToLiveRequest r) {
    Lessor.Status s = lessor.status(r.getID());
    if (s == null) {
      throw EtcdError.LEASE_NOT_FOUND.exception();
    }
    LeaseTimeToLiveResponse.Builder b = LeaseTimeToLiveResponse.newBuilder()
        .setHeader(ResponseHeader.getDefaultInstance())
        .setID(s.id()).setTTL(s.remainingSeconds()).setGrantedTTL(s.grantedTtl());
    if (r.getKeys()) {
      s.keys().forEach(b::addKeys);
    }
    return b.build();
  }

  private boolean isPrimaryLeader() {
    return consensus.status().leaderId() == memberId && lessor.isPrimary();
  }

  /**
   * Runs {@code op} on the primary; if the lease is unknown, first waits until everything
   * committed so far is applied here (a grant may be committed but not yet applied), as etcd's
   * waitAppliedIndex.
   */
  private <T> CompletableFuture<T> onPrimary(Supplier<T> op) {
    try {
      return CompletableFuture.completedFuture(op.get());
    } catch (RuntimeException e) {
      if (Responses.errorOf(e) != EtcdError.LEASE_NOT_FOUND) {
        return CompletableFuture.failedFuture(e);
      }
    }
    return applied.await(consensus.status().commitIndex())
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .thenApply(v -> op.get());
  }

  private long leader() {
    long leader = consensus.status().leaderId();
    if (leader == 0 || leader == memberId) {
      throw EtcdError.NO_LEADER.exception(); // no leader, or this member is not promoted yet
    }
    return leader;
  }

  private static <T> CompletableFuture<T> notLeader() {
    return CompletableFuture.failedFuture(EtcdError.NOT_LEADER.exception());
  }

  private long deadline() {
    return System.nanoTime() + timeout.toNanos();
  }

  /** Repeats {@code attempt} while it fails with a retryable error, until the deadline. */
  private <T> CompletableFuture<T> retrying(Supplier<CompletableFuture<T>> attempt, long deadline) {
    CompletableFuture<T> first;
    try {
      first = attempt.get();
    } catch (RuntimeException e) {
      first = CompletableFuture.failedFuture(e);
    }
    return first.handle((v, err) -> {
      if (err == null) {
        return CompletableFuture.completedFuture(v);
      }
      if (!RETRYABLE.contains(Responses.errorOf(err))) {
        return CompletableFuture.<T>failedFuture(err);
      }
      if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_MS) > deadline) {
        return CompletableFuture.<T>failedFuture(EtcdError.TIMEOUT.exception());
      }
      CompletableFuture<T> next = new CompletableFuture<>();
      retries.schedule(() -> retrying(attempt, deadline).whenComplete((r, e) -> {
        if (e != null) {
          next.completeExceptionally(e);
        } else {
          next.complete(r);
        }
      }), RETRY_MS, TimeUnit.MILLISECONDS);
      return next;
    }).thenCompose(f -> f);
  }

  @Override
  public void close() {
    retries.shutdownNow();
  }
}

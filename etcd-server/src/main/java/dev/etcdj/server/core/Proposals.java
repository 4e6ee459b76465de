package dev.etcdj.server.core;

import com.google.protobuf.Message;
import dev.etcdj.api.Member;
import dev.etcdj.api.internal.ConfChangeContext;
import dev.etcdj.api.internal.InternalRequest;
import dev.etcdj.api.internal.RequestHeader;
import dev.etcdj.raft.ConfChange;
import dev.etcdj.raft.ConfChangeType;
import dev.etcdj.server.EtcdError;
import dev.etcdj.server.EtcdException;
import dev.etcdj.server.apply.ApplyResult;
import dev.etcdj.server.apply.WaitRegistry;
import dev.etcdj.server.auth.AuthContext;
import dev.etcdj.server.auth.AuthInfo;
import dev.etcdj.server.consensus.Consensus;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Turns a request into a log entry and waits for its result: stamps it with a request ID and
 * this member's ID, refuses it if larger than {@code --max-request-bytes}, and fails it with
 * "request timed out" if it is not applied within the request timeout.
 */
public final class Proposals {
  private final Consensus consensus;
  private final WaitRegistry waits;
  private final long memberId;
  private final long maxRequestBytes;
  private final Duration timeout;

  public Proposals(Consensus consensus, WaitRegistry waits, long memberId, long maxRequestBytes, Duration timeout) {
    this.consensus = consensus;
    this.waits = waits;
    this.memberId = memberId;
    this.maxRequestBytes = maxRequestBytes;
    this.timeout = timeout;
  }

  /** Proposes the request; the future fails with an {@link EtcdException} on etcd errors. */
  public <T extends Message> CompletableFuture<T> propose(InternalRequest.Builder request) {
    WaitRegistry.Pending pending = waits.register();
    byte[] data = request.setHeader(header(pending)).build().toByteArray();
    if (data.length > maxRequestBytes) {
      waits.cancel(pending.id(), EtcdError.REQUEST_TOO_LARGE.exception());
      return CompletableFuture.failedFuture(EtcdError.REQUEST_TOO_LARGE.exception());
    }
    return await(pending, consensus.propose(data));
  }

  /** Proposes a membership change about {@code member}; completes with the resulting member list. */
  public <T extends Message> CompletableFuture<T> proposeConfChange(ConfChangeType type, Member member) {
    WaitRegistry.Pending pending = waits.register();
    byte[] context = ConfChangeContext.newBuilder().setHeader(header(pending)).setMember(member).build().toByteArray();
    return await(pending, consensus.proposeConfChange(new ConfChange(type, member.getID(), context)));
  }

  /** Carries the calling user, if any, so the apply side can check the request's rights. */
  private RequestHeader header(WaitRegistry.Pending pending) {
    RequestHeader.Builder h = RequestHeader.newBuilder().setId(pending.id()).setMemberId(memberId);
    AuthInfo caller = AuthContext.currentOrNull();
    if (caller != null) {
      h.setUsername(caller.user()).setAuthRevision(caller.revision());
    }
    return h.build();
  }

  @SuppressWarnings("unchecked")
  private <T extends Message> CompletableFuture<T> await(WaitRegistry.Pending pending, CompletableFuture<Void> accepted) {
    accepted.whenComplete((v, e) -> {
      if (e != null) {
        waits.cancel(pending.id(), e);
      }
    });
    return pending.result()
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle((ApplyResult r, Throwable t) -> {
          if (t != null) {
            waits.cancel(pending.id(), t);
            Throwable cause = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
            throw cause instanceof EtcdException e ? e : EtcdError.TIMEOUT.exception();
          }
          if (r.error() != null) {
            throw r.error();
          }
          return (T) r.response();
        });
  }
}

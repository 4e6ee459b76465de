package dev.etcdj.server.core;

import com.google.protobuf.Message;
import dev.etcdj.api.internal.InternalRequest;
import dev.etcdj.api.internal.RequestHeader;
import dev.etcdj.server.EtcdError;
import dev.etcdj.server.EtcdException;
import dev.etcdj.server.apply.ApplyResult;
import dev.etcdj.server.apply.WaitRegistry;
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
  @SuppressWarnings("unchecked")
  public <T extends Message> CompletableFuture<T> propose(InternalRequest.Builder request) {
    WaitRegistry.Pending pending = waits.register();
    byte[] data = request
        .setHeader(RequestHeader.newBuilder().setId(pending.id()).setMemberId(memberId))
        .build()
        .toByteArray();
    try {
      if (data.length > maxRequestBytes) {
        throw EtcdError.REQUEST_TOO_LARGE.exception();
      }
      consensus.propose(data);
    } catch (EtcdException e) {
      waits.cancel(pending.id(), e);
      return CompletableFuture.failedFuture(e);
    }
    return pending.result()
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle((ApplyResult r, Throwable t) -> {
          if (t != null) {
            waits.cancel(pending.id(), t);
            throw EtcdError.TIMEOUT.exception();
          }
          if (r.error() != null) {
            throw r.error();
          }
          return (T) r.response();
        });
  }
}

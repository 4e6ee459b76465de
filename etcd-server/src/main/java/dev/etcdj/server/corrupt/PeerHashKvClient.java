package dev.etcdj.server.corrupt;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.common.util.DomainSocketAddress;
import dev.etcdj.api.HashKVRequest;
import dev.etcdj.api.HashKVResponse;
import dev.etcdj.server.peer.ListenAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks one peer URL for its hash, as etcd's getPeerHashKVHTTP: {@code GET /members/hashkv} with a
 * JSON body, over the peer connection's TLS settings (the factory's).
 */
public final class PeerHashKvClient {
  private final ClientFactory factory;
  private final Duration timeout;

  public PeerHashKvClient(ClientFactory factory, Duration timeout) {
    this.factory = factory;
    this.timeout = timeout;
  }

  /** @throws PeerHashError the peer's FUTURE_REV/COMPACTED, or any other failure */
  public HashKVResponse fetch(String peerUrl, long revision) throws PeerHashError {
    AggregatedHttpResponse resp;
    try {
      resp = client(peerUrl).execute(
              RequestHeaders.builder(HttpMethod.GET, PeerHashKvService.PATH).contentType(MediaType.JSON).build(),
              HttpData.ofUtf8(HashKvJson.encode(HashKVRequest.newBuilder().setRevision(revision).build())))
          .aggregate().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PeerHashError("interrupted");
    } catch (TimeoutException e) {
      throw new PeerHashError("context deadline exceeded");
    } catch (ExecutionException | CompletionException | IllegalArgumentException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      String reason = cause instanceof java.net.ConnectException
          ? "dial tcp " + URI.create(peerUrl).getRawAuthority() + ": connect: connection refused" : cause.getMessage();
      throw new PeerHashError("Get \"" + peerUrl + PeerHashKvService.PATH + "\": " + reason);
    }
    String body = resp.contentUtf8();
    if (resp.status() == HttpStatus.BAD_REQUEST) {
      if (body.contains(PeerHashKvService.COMPACTED)) {
        throw PeerHashError.COMPACTED;
      }
      if (body.contains(PeerHashKvService.FUTURE_REV)) {
        throw PeerHashError.FUTURE_REV;
      }
    }
    if (resp.status() != HttpStatus.OK) {
      throw new PeerHashError("unknown error: " + body);
    }
    try {
      return HashKvJson.decodeResponse(body);
    } catch (IllegalArgumentException e) {
      throw new PeerHashError(e.getMessage());
    }
  }

  private WebClient client(String peerUrl) {
    URI u = URI.create(peerUrl);
    if (ListenAddress.isUnix(u)) {
      return WebClient.builder(ListenAddress.isSecure(u) ? SessionProtocol.HTTPS : SessionProtocol.HTTP,
              DomainSocketAddress.of(ListenAddress.socketPath(u)).asEndpoint())
          .factory(factory).responseTimeout(timeout).build();
    }
    if (u.getRawAuthority() == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) {
      throw new IllegalArgumentException("unsupported protocol scheme \"" + u.getScheme() + "\"");
    }
    return WebClient.builder(u.getScheme() + "://" + u.getRawAuthority() + "/")
        .factory(factory).responseTimeout(timeout).build();
  }
}

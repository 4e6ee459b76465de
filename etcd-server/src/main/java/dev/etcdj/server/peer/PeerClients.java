package dev.etcdj.server.peer;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.grpc.GrpcClientBuilder;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.common.util.DomainSocketAddress;
import dev.etcdj.api.peer.RaftGrpc;
import java.net.URI;
import java.time.Duration;

/**
 * Builds gRPC stubs for a peer URL on a given Armeria {@link ClientFactory}. The factory holds
 * the connection pool and, later, the TLS settings (etcd's {@code --peer-*} TLS flags): an
 * {@code https://} peer URL works as soon as the factory trusts the peer's certificate.
 */
final class PeerClients {
  /** Matches the listener's limit (PeerListener.MAX_MESSAGE_BYTES). */
  static final int MAX_MESSAGE_BYTES = 64 << 20;
  /** etcd's peer dial timeout with default flags: 1 s + election timeout (1 s). */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  /** HTTP/2 PINGs detect a peer that vanished without closing the connection. */
  static final Duration PING_INTERVAL = Duration.ofSeconds(5);

  private PeerClients() {}

  /** A factory with the transport's defaults, for plain-text (http) peers. */
  static ClientFactory newDefaultFactory() {
    return ClientFactory.builder()
        .connectTimeout(CONNECT_TIMEOUT)
        .pingInterval(PING_INTERVAL)
        .idleTimeout(Duration.ofSeconds(30))
        .build();
  }

  /**
   * The base URI a peer URL is dialled at (scheme and authority; any path is ignored).
   *
   * @throws IllegalArgumentException if the URL is not http(s)://host[:port] or unix(s)://path
   */
  static String baseUri(String peerUrl) {
    URI u = URI.create(peerUrl);
    String scheme = u.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme) && !ListenAddress.isUnix(u) || u.getRawAuthority() == null) {
      throw new IllegalArgumentException("unsupported peer URL " + peerUrl);
    }
    return scheme + "://" + u.getRawAuthority() + "/";
  }

  /** A stub for an http(s):// peer, or a unix(s):// one at its socket path, as etcd dials them. */
  static RaftGrpc.RaftStub stub(ClientFactory factory, String peerUrl) {
    URI u = URI.create(peerUrl);
    GrpcClientBuilder builder = ListenAddress.isUnix(u)
        ? GrpcClients.builder(ListenAddress.isSecure(u) ? SessionProtocol.HTTPS : SessionProtocol.HTTP,
            DomainSocketAddress.of(ListenAddress.socketPath(u)).asEndpoint())
        : GrpcClients.builder(baseUri(peerUrl));
    return builder
        .factory(factory)
        .responseTimeout(Duration.ZERO)
        .maxResponseLength(0)
        .maxRequestMessageLength(MAX_MESSAGE_BYTES)
        .maxResponseMessageLength(MAX_MESSAGE_BYTES)
        .build(RaftGrpc.RaftStub.class);
  }
}

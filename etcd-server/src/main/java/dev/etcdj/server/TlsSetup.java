package dev.etcdj.server;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.ClientFactoryBuilder;
import com.linecorp.armeria.server.ServerBuilder;
import dev.etcdj.server.config.ServerConfig;
import dev.etcdj.server.peer.ListenAddress;
import dev.etcdj.tls.EtcdTls;
import dev.etcdj.tls.TlsConfigException;
import dev.etcdj.tls.TlsSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * TLS for the client and peer sides from etcd's flags: files given by the operator, or
 * {@code --auto-tls}/{@code --peer-auto-tls} certificates kept in the data dir's
 * {@code fixtures/client} and {@code fixtures/peer}. A side without TLS is null.
 */
public final class TlsSetup {
  private TlsSetup() {}

  /** etcd refuses an https client URL with neither certificates nor auto-TLS, before anything is written. */
  static void check(ServerConfig cfg) {
    for (URI u : cfg.listenClientUrls()) {
      if ("https".equals(u.getScheme()) && settings(cfg.clientTls(), cfg.cipherSuites()).isEmpty()) {
        throw new BootstrapException("TLS key/cert (--cert-file, --key-file) must be provided for client url "
            + u + " with HTTPS scheme");
      }
    }
    for (URI u : cfg.listenPeerUrls()) {
      if ("https".equals(u.getScheme()) && settings(cfg.peerTls(), cfg.cipherSuites()).isEmpty()) {
        throw new BootstrapException("TLS key/cert (--peer-cert-file, --peer-key-file) must be provided for peer url "
            + u + " with HTTPS scheme");
      }
    }
  }

  static TlsSettings client(ServerConfig cfg, DataDir dir) {
    return resolve(settings(cfg.clientTls(), cfg.cipherSuites()), dir.root().resolve("fixtures").resolve("client"),
        Stream.concat(cfg.listenClientUrls().stream(), cfg.advertiseClientUrls().stream()).toList());
  }

  static TlsSettings peer(ServerConfig cfg, DataDir dir) {
    return resolve(settings(cfg.peerTls(), cfg.cipherSuites()), dir.root().resolve("fixtures").resolve("peer"),
        Stream.concat(cfg.listenPeerUrls().stream(), cfg.initialAdvertisePeerUrls().stream()).toList());
  }

  private static TlsSettings resolve(TlsSettings s, Path fixtures, List<URI> urls) {
    if (s.isEmpty()) {
      return null;
    }
    List<String> hosts = new ArrayList<>();
    urls.forEach(u -> hosts.add(u.getHost()));
    return EtcdTls.withAutoTls(s, fixtures, hosts.stream().distinct().toList(), null);
  }

  private static TlsSettings settings(ServerConfig.TlsConfig t, List<String> cipherSuites) {
    return new TlsSettings(path(t.certFile()), path(t.keyFile()), path(t.trustedCaFile()), t.clientCertAuth(),
        path(t.crlFile()), t.autoTls(), cipherSuites, t.allowedCn(), t.allowedHostname());
  }

  private static Path path(String s) {
    return s == null || s.isEmpty() ? null : Path.of(s);
  }

  /** Binds each URL on the builder: https ones with {@code tls}, http ones in the clear. */
  static void bind(ServerBuilder sb, List<URI> urls, TlsSettings tls) {
    boolean secure = false;
    for (URI url : urls) {
      ListenAddress at = ListenAddress.of(url);
      secure |= ListenAddress.isSecure(url);
      sb.port(at.address(), at.protocol());
    }
    if (secure) {
      applyTls(sb, tls);
    }
  }

  /** Serves TLS with these settings: certificate, client authentication, CRL, ciphers. */
  static void applyTls(ServerBuilder sb, TlsSettings tls) {
    try {
      sb.tls(EtcdTls.reloadingKeyManagerFactory(tls)).tlsCustomizer(EtcdTls.serverCustomizer(tls));
      sb.childChannelPipelineCustomizer(HandshakeFailureLog::install);
      if (!tls.cipherSuites().isEmpty()) {
        sb.tlsAllowUnsafeCiphers();
      }
    } catch (TlsConfigException e) {
      throw new BootstrapException(e.getMessage());
    }
  }

  /** A client factory for connections this member makes (to peers, or to another member's client URLs). */
  public static ClientFactory clientFactory(TlsSettings tls) {
    ClientFactoryBuilder b = ClientFactory.builder().connectTimeout(Duration.ofSeconds(2));
    if (tls != null) {
      b.tlsCustomizer(EtcdTls.clientCustomizer(tls));
    }
    return b.build();
  }
}

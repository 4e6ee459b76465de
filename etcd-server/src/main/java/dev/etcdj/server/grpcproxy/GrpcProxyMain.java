package dev.etcdj.server.grpcproxy;

import dev.etcdj.tls.CertificateCn;
import dev.etcdj.tls.EtcdTls;
import dev.etcdj.tls.PemFiles;
import dev.etcdj.tls.TlsConfigException;
import dev.etcdj.tls.TlsSettings;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code etcd grpc-proxy start ...}: checks the flags as etcd does, starts the proxy and runs until a signal. */
public final class GrpcProxyMain {
  private static final Logger LOG = LoggerFactory.getLogger("etcdmain");

  private GrpcProxyMain() {}

  /** Runs the proxy; returns the process exit code. {@code args} are the arguments after {@code grpc-proxy}. */
  public static int run(String[] args) {
    ProxyFlags.Parsed parsed = ProxyFlags.parse(args);
    if (parsed instanceof ProxyFlags.Exit exit) {
      System.out.print(exit.stdout());
      System.err.print(exit.stderr());
      return exit.code();
    }
    ProxyConfig cfg = ((ProxyFlags.Start) parsed).config();
    String bad = checkArgs(cfg);
    if (bad != null) {
      System.err.println(bad);
      return 1;
    }
    if (cfg.debug()) {
      ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME))
          .setLevel(ch.qos.logback.classic.Level.DEBUG);
    }
    if (cfg.enablePprof()) {
      LOG.warn("--enable-pprof is not supported by etcdj (there is no Go runtime to profile); ignoring it");
    }
    if (!cfg.discoverySrv().isEmpty()) {
      LOG.warn("--discovery-srv is not supported by etcdj's grpc-proxy yet; using --endpoints {}", cfg.endpoints());
    }
    if (!cfg.leasingPrefix().isEmpty() || cfg.serializableOrdering()) {
      LOG.warn("--experimental-leasing-prefix and --experimental-serializable-ordering are not supported by etcdj; "
          + "ignoring them");
    }
    GrpcProxy proxy;
    try {
      TlsSettings listenerTls = listenerTls(cfg);
      String upstreamTlsError = checkUpstreamTls(cfg);
      if (upstreamTlsError != null) {
        System.err.println(upstreamTlsError);
        return 1;
      }
      proxy = GrpcProxy.start(cfg, listenerTls);
    } catch (TlsConfigException | IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      System.err.println("listen tcp " + cfg.listenAddr() + ": " + rootMessage(e));
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      proxy.close();
      stopped.countDown();
    }, "shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** etcd's checkArgs: the resolver flags go together. */
  static String checkArgs(ProxyConfig cfg) {
    if (!cfg.resolverPrefix().isEmpty() && cfg.resolverTtl() < 1) {
      return "invalid resolver-ttl " + cfg.resolverTtl();
    }
    if (cfg.resolverPrefix().isEmpty() && cfg.resolverTtl() > 0) {
      return "invalid resolver-prefix \"" + cfg.resolverPrefix() + "\"";
    }
    if (!cfg.resolverPrefix().isEmpty() && cfg.resolverTtl() > 0 && cfg.advertiseClientUrl().isEmpty()) {
      return "invalid advertise-client-url \"" + cfg.advertiseClientUrl() + "\"";
    }
    return null;
  }

  private static TlsSettings listenerTls(ProxyConfig cfg) {
    if (!cfg.listenerTls()) {
      return null;
    }
    TlsSettings s = new TlsSettings(path(cfg.certFile()), path(cfg.keyFile()), path(cfg.trustedCaFile()), false,
        path(cfg.clientCrlFile()), cfg.autoTls(), cfg.listenCipherSuites(), null, null);
    String host = GrpcProxy.socketAddress(cfg.listenAddr()).getHostString();
    s = EtcdTls.withAutoTls(s, Path.of(cfg.dataDir(), "fixtures", "proxy"), List.of(host), null);
    LOG.info("gRPC proxy server TLS tls-info=\"cert = {}, key = {}, trusted-ca = {}, client-cert-auth = false, "
        + "crl-file = {}\"", cfg.certFile(), cfg.keyFile(), cfg.trustedCaFile(), cfg.clientCrlFile());
    return s;
  }

  /** etcd's proxy client refuses a client certificate with a Common Name (TLSInfo.EmptyCN). */
  private static String checkUpstreamTls(ProxyConfig cfg) {
    if (!cfg.upstreamTls()) {
      return null;
    }
    if (!cfg.cert().isEmpty()) {
      List<X509Certificate> certs = PemFiles.readCertificates(Path.of(cfg.cert()));
      String cn = certs.isEmpty() ? "" : CertificateCn.of(certs.get(0));
      if (cn != null && !cn.isEmpty()) {
        return "cert has non empty Common Name (" + cn + ")";
      }
    }
    if (cfg.insecureSkipTlsVerify()) {
      LOG.warn("--insecure-skip-tls-verify was given, this grpc proxy process skips authentication of etcd server "
          + "TLS certificates. This option should be enabled only for testing purposes.");
    }
    LOG.info("gRPC proxy client TLS tls-info=\"cert = {}, key = {}, trusted-ca = {}, client-cert-auth = false, "
        + "crl-file = \"", cfg.cert(), cfg.key(), cfg.cacert());
    return null;
  }

  private static Path path(String s) {
    return s.isEmpty() ? null : Path.of(s);
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null) {
      c = c.getCause();
    }
    String m = c.getMessage() == null ? c.toString() : c.getMessage();
    return m.toLowerCase().contains("address already in use") ? "bind: address already in use" : m;
  }
}

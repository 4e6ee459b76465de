package dev.etcdj.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import dev.etcdj.tls.TlsAlerts;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.CertificateException;
import java.util.Optional;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Turns Armeria's "TLS handshake failed" warning into etcd's line for a refused connection,
 * {@code embed: rejected connection from "ADDR" (error "remote error: tls: bad certificate",
 * ServerName "")}, which operators (and etcd's e2e tests) look for.
 */
public final class TlsHandshakeFailureLog extends TurboFilter {
  private static final String ARMERIA = "com.linecorp.armeria.server.HttpServerPipelineConfigurator";
  private static final org.slf4j.Logger EMBED = LoggerFactory.getLogger("embed");

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (logger == null || !ARMERIA.equals(logger.getName())) {
      return FilterReply.NEUTRAL;
    }
    if (format == null) {
      // Armeria passes the failure's cause only to its debug line: let it ask for that one
      return level == Level.DEBUG ? FilterReply.ACCEPT : FilterReply.NEUTRAL;
    }
    if (format.contains("TLS handshake failed")) {
      return FilterReply.DENY;
    }
    if (format.contains("Stack trace for the TLS handshake failure") && params != null && params.length >= 1) {
      Throwable cause = t != null ? t : params.length > 1 && params[1] instanceof Throwable c ? c : null;
      EMBED.info("rejected connection from \"{}\" (error \"{}\", ServerName \"\")", remote(params[0]), error(cause));
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }

  /** Go's text: the alert the client sent, else this member's own refusal of the client's certificate. */
  static String error(Throwable cause) {
    if (cause == null) {
      return "tls: handshake failure";
    }
    Optional<String> remote = TlsAlerts.remoteError(cause);
    if (remote.isPresent()) {
      return remote.get();
    }
    String refusal = null;
    for (Throwable c = cause; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof CertificateException && c.getMessage() != null) {
        refusal = c.getMessage();
      }
    }
    return refusal != null ? refusal : String.valueOf(cause.getMessage());
  }

  private static String remote(Object channel) {
    if (channel instanceof Channel c) {
      SocketAddress a = c.remoteAddress();
      if (a instanceof InetSocketAddress i) {
        return i.getAddress().getHostAddress() + ":" + i.getPort();
      }
      if (a != null) {
        return a.toString();
      }
    }
    return String.valueOf(channel);
  }
}

package dev.etcdj.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import dev.etcdj.tls.TlsAlerts;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
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
    if (logger == null || !ARMERIA.equals(logger.getName()) || format == null
        || !format.contains("TLS handshake failed") || params == null || params.length < 2) {
      return FilterReply.NEUTRAL;
    }
    String message = String.valueOf(params[1]);
    String error = TlsAlerts.remoteError(message).orElse(message);
    EMBED.info("rejected connection from \"{}\" (error \"{}\", ServerName \"\")", remote(params[0]), error);
    return FilterReply.DENY;
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

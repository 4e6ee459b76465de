package dev.etcdj.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Silences Armeria's own "TLS handshake failed" warning and its stack trace: the listener logs
 * etcd's {@code rejected connection from ...} line for the same failure instead.
 */
public final class TlsHandshakeFailureLog extends TurboFilter {
  private static final String ARMERIA = "com.linecorp.armeria.server.HttpServerPipelineConfigurator";

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (logger == null || format == null || !ARMERIA.equals(logger.getName())) {
      return FilterReply.NEUTRAL;
    }
    boolean handshake = format.contains("TLS handshake failed")
        || format.contains("Stack trace for the TLS handshake failure");
    return handshake ? FilterReply.DENY : FilterReply.NEUTRAL;
  }
}

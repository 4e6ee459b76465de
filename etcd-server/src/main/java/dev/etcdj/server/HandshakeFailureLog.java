package dev.etcdj.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SniCompletionEvent;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.util.Locale;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd's log line for a TLS connection that failed its handshake on a listener:
 * {@code rejected connection from "10.0.1.11:53162" (error "remote error: tls: bad certificate",
 * ServerName "example.com")}, with Go's wording for an alert the other side sent.
 */
final class HandshakeFailureLog extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger("embed");

  private String serverName = "";
  private boolean logged;

  /** Adds the logger at the end of a listener's pipeline, where the TLS events arrive. */
  static void install(ChannelPipeline pipeline) {
    pipeline.addLast(new HandshakeFailureLog());
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof SniCompletionEvent sni && sni.hostname() != null) {
      serverName = sni.hostname();
    } else if (evt instanceof SslHandshakeCompletionEvent done) {
      if (done.isSuccess()) {
        ctx.pipeline().remove(this);
      } else {
        log(ctx, done.cause());
      }
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
    Throwable ssl = cause;
    while (ssl != null && !(ssl instanceof SSLException)) {
      ssl = ssl.getCause();
    }
    if (ssl != null) {
      log(ctx, ssl);
    }
    super.exceptionCaught(ctx, cause);
  }

  private void log(ChannelHandlerContext ctx, Throwable cause) {
    if (logged) {
      return;
    }
    logged = true;
    String remote = String.valueOf(ctx.channel().remoteAddress()).replaceFirst("^[^/]*/", "");
    LOG.info("rejected connection from \"{}\" (error \"{}\", ServerName \"{}\")", remote, goError(cause), serverName);
  }

  /** Go's text for a handshake error: an alert from the other side is {@code remote error: tls: <alert>}. */
  static String goError(Throwable cause) {
    String msg = String.valueOf(cause.getMessage());
    String prefix = "Received fatal alert: ";
    int at = msg.indexOf(prefix);
    if (at >= 0) {
      String alert = msg.substring(at + prefix.length()).trim().toLowerCase(Locale.ROOT);
      return "remote error: tls: " + switch (alert) {
        case "unknown_ca" -> "unknown certificate authority";
        // the JDK refuses a certificate with certificate_unknown where Go sends bad_certificate
        case "certificate_unknown" -> "bad certificate";
        default -> alert.replace('_', ' ');
      };
    }
    return msg;
  }

  @Override
  public boolean isSharable() {
    return false;
  }
}

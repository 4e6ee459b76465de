package dev.etcdj.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SniCompletionEvent;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import dev.etcdj.tls.TlsAlerts;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.util.Optional;
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

  /** Go's words for a client certificate that no trusted CA signed. */
  static final String UNKNOWN_AUTHORITY =
      "tls: failed to verify client certificate: x509: certificate signed by unknown authority";

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

  /** Go's text: the alert the other side sent, else this member's own refusal of the peer's certificate. */
  static String goError(Throwable cause) {
    Optional<String> remote = TlsAlerts.remoteError(cause);
    if (remote.isPresent()) {
      return remote.get();
    }
    String refusal = null;
    for (Throwable c = cause; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof CertPathBuilderException) {
        return UNKNOWN_AUTHORITY;
      }
      if (c instanceof CertificateException && c.getMessage() != null) {
        refusal = c.getMessage();
      }
    }
    return refusal != null ? refusal : String.valueOf(cause.getMessage());
  }

  @Override
  public boolean isSharable() {
    return false;
  }
}

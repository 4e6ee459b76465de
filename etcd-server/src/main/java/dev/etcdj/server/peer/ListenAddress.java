package dev.etcdj.server.peer;

import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.common.util.DomainSocketAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a listen URL binds, as etcd reads it: {@code http(s)://ip:port} a TCP port,
 * {@code unix(s)://name} a Unix domain socket at the path {@code name} (host and port together,
 * relative to the working directory, e.g. {@code etcd.unix:1}); a stale socket file there is
 * removed first, as etcd's unix listener does.
 */
public record ListenAddress(InetSocketAddress address, SessionProtocol protocol) {

  public static boolean isUnix(URI url) {
    return "unix".equals(url.getScheme()) || "unixs".equals(url.getScheme());
  }

  public static boolean isSecure(URI url) {
    return "https".equals(url.getScheme()) || "unixs".equals(url.getScheme());
  }

  /** The socket path of a unix URL: its authority, port included. */
  public static String socketPath(URI url) {
    return url.getRawAuthority();
  }

  /** The address to bind for {@code url}; throws IllegalArgumentException for other schemes. */
  public static ListenAddress of(URI url) {
    SessionProtocol protocol = isSecure(url) ? SessionProtocol.HTTPS : SessionProtocol.HTTP;
    if (isUnix(url)) {
      Path path = Path.of(socketPath(url));
      try {
        Files.deleteIfExists(path);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new ListenAddress(DomainSocketAddress.of(path), protocol);
    }
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null
        || url.getPort() < 0) {
      throw new IllegalArgumentException("listen URL " + url + " is not supported (http(s)://host:port or unix(s)://path)");
    }
    return new ListenAddress(new InetSocketAddress(url.getHost(), url.getPort()), protocol);
  }
}

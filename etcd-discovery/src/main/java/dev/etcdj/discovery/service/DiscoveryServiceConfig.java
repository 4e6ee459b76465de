package dev.etcdj.discovery.service;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Settings of {@code etcd discovery-service}: where it listens, the etcd cluster whose v2 keys
 * API stores the tokens, and the URL prefix of the discovery URLs it hands out. Flags may also
 * be spelled as Debian's discovery.etcd.io spells them ({@code --addr}, {@code --etcd}), and
 * {@code DISC_ADDR}, {@code DISC_ETCD}, {@code DISC_HOST} set defaults as there.
 */
public record DiscoveryServiceConfig(InetSocketAddress listenAddr, List<URI> endpoints, String host) {
  static final String USAGE = """
      Usage: etcd discovery-service [flags]

      Serves discovery URLs for etcd's --discovery flag, as discovery.etcd.io does:
        GET /new?size=N   a new discovery URL for a cluster of N members (default 3)
        /<token>...       the token's directory, proxied to the backing cluster's v2 keys API
        GET /health       OK when a token can be created and deleted

      Flags:
        --listen-addr, --addr   address to serve on (default ":8087")
        --endpoints, --etcd     comma-separated client URLs of the etcd cluster storing the tokens,
                                which must serve the v2 keys API (default "http://127.0.0.1:2379")
        --host                  URL prefix of the discovery URLs handed out
                                (default "http://" + the listen address)
      """;

  /** A usage error: the text to print before exiting 2, as Go's flag package does. */
  public static final class UsageException extends Exception {
    public UsageException(String message) {
      super(message, null, false, false);
    }
  }

  public static DiscoveryServiceConfig parse(String[] args, Map<String, String> env) throws UsageException {
    String addr = env.getOrDefault("DISC_ADDR", ":8087");
    String etcd = env.getOrDefault("DISC_ETCD", "http://127.0.0.1:2379");
    String host = env.getOrDefault("DISC_HOST", "");
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("-")) {
        throw new UsageException("unexpected argument \"" + arg + "\"");
      }
      String name = arg.replaceFirst("^--?", "");
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (name.equals("help") || name.equals("h")) {
        throw new UsageException("");
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new UsageException("flag needs an argument: " + arg);
      }
      switch (name) {
        case "listen-addr", "addr", "a" -> addr = value;
        case "endpoints", "etcd", "e" -> etcd = value;
        case "host" -> host = value;
        default -> throw new UsageException("unknown flag: " + arg);
      }
    }
    InetSocketAddress listen = listenAddress(addr);
    List<URI> endpoints = new ArrayList<>();
    for (String e : etcd.split(",")) {
      endpoints.add(hostOnly(e.trim()));
    }
    if (host.isEmpty()) {
      host = "http://" + (addr.startsWith(":") ? "localhost" + addr : addr);
    }
    return new DiscoveryServiceConfig(listen, List.copyOf(endpoints), host);
  }

  private static InetSocketAddress listenAddress(String addr) throws UsageException {
    int colon = addr.lastIndexOf(':');
    if (colon < 0) {
      throw new UsageException("invalid listen address \"" + addr + "\": missing port");
    }
    String h = addr.substring(0, colon);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(addr.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new UsageException("invalid listen address \"" + addr + "\": bad port");
    }
    return h.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(h, port);
  }

  /** Like discovery.etcd.io's mustHostOnlyURL: only scheme and host:port of the etcd URL are used. */
  private static URI hostOnly(String url) throws UsageException {
    try {
      URI u = new URI(url);
      if (u.getRawQuery() != null) {
        throw new UsageException("Expected url without query (?" + u.getRawQuery() + ")");
      }
      if (u.getRawFragment() != null) {
        throw new UsageException("Expected url without fragment (" + u.getRawFragment() + ")");
      }
      if (u.getScheme() == null || u.getRawAuthority() == null) {
        throw new UsageException("Expected hostname (none given)");
      }
      return new URI(u.getScheme(), u.getRawAuthority(), null, null, null);
    } catch (URISyntaxException e) {
      throw new UsageException("Invalid url given: " + e.getMessage());
    }
  }
}

package dev.etcdj.discovery.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A public-style discovery service, as discovery.etcd.io: {@code /new} creates a token
 * directory on the backing etcd cluster and answers {@code <host>/<token>}; requests below a
 * token are proxied to that directory's v2 keys, so etcd's {@code --discovery} client works
 * against the returned URL unchanged. Routes, status codes and bodies follow Debian's
 * etcd-discovery (discovery.etcd.io) package.
 */
public final class DiscoveryService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("discovery-service");
  static final String DOCS_URL = "https://coreos.com/docs/cluster-management/setup/cluster-discovery/";
  private static final String TOKEN = "/([a-f0-9]{32})";

  /** discovery.etcd.io's token routes, in its order, with the methods each allows. */
  private record Route(Pattern path, List<String> methods) {}

  private static final List<Route> TOKEN_ROUTES = List.of(
      new Route(Pattern.compile(TOKEN), List.of("GET", "PUT")),
      new Route(Pattern.compile(TOKEN + "/"), List.of("GET", "PUT")),
      new Route(Pattern.compile(TOKEN + "/[^/]+"), List.of("GET", "PUT", "DELETE")),
      new Route(Pattern.compile(TOKEN + "/_config/size"), List.of("GET")));

  private final HttpServer server;
  private final ExecutorService executor;
  private final TokenStore tokens;
  private final KeysProxy proxy;
  private final String host;

  private DiscoveryService(HttpServer server, ExecutorService executor, DiscoveryServiceConfig cfg) {
    this.server = server;
    this.executor = executor;
    this.tokens = new TokenStore(cfg.endpoints());
    this.proxy = new KeysProxy(cfg.endpoints());
    this.host = cfg.host().replaceAll("/+$", "");
  }

  public static DiscoveryService start(DiscoveryServiceConfig cfg) throws IOException {
    HttpServer server = HttpServer.create(cfg.listenAddr(), 128);
    // waits (watches) are long-lived, so every request gets its own thread
    ExecutorService executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "discovery-service");
      t.setDaemon(true);
      return t;
    });
    DiscoveryService service = new DiscoveryService(server, executor, cfg);
    server.createContext("/", service::handle);
    server.setExecutor(executor);
    server.start();
    LOG.info("discovery server started with etcd \"{}\" and host \"{}\"", cfg.endpoints().get(0), cfg.host());
    LOG.info("discovery serving on {}", server.getAddress());
    return service;
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      int status = route(ex, path);
      LOG.info("{} - - \"{} {} {}\" {}", ex.getRemoteAddress().getAddress().getHostAddress(), ex.getRequestMethod(),
          ex.getRequestURI(), ex.getProtocol(), status);
    }
  }

  private int route(HttpExchange ex, String path) throws IOException {
    switch (path) {
      case "/new" -> {
        return newToken(ex);
      }
      case "/health" -> {
        return health(ex);
      }
      case "/robots.txt" -> {
        return text(ex, 200, "User-agent: *\nDisallow: /");
      }
      case "/" -> {
        ex.getResponseHeaders().set("Location", DOCS_URL);
        return respond(ex, 301, "text/html; charset=utf-8", "<a href=\"" + DOCS_URL + "\">Moved Permanently</a>.\n\n");
      }
      default -> {
        for (Route r : TOKEN_ROUTES) {
          Matcher m = r.path().matcher(path);
          if (m.matches()) {
            if (!r.methods().contains(ex.getRequestMethod())) {
              continue;
            }
            return proxy.forward(ex, path);
          }
        }
        boolean pathKnown = TOKEN_ROUTES.stream().anyMatch(r -> r.path().matcher(path).matches());
        if (pathKnown) {
          ex.sendResponseHeaders(405, -1);
          return 405;
        }
        return error(ex, 404, "404 page not found");
      }
    }
  }

  private int newToken(HttpExchange ex) throws IOException {
    String s = formValue(ex, "size");
    long size = 3;
    if (!s.isEmpty()) {
      try {
        size = GoAtoi.parse(s);
      } catch (NumberFormatException e) {
        return error(ex, 400, e.getMessage());
      }
    }
    String token;
    try {
      token = tokens.create(size);
    } catch (TokenStore.StoreException e) {
      LOG.info("setupToken returned: {}", e.getMessage());
      return error(ex, 400, "Unable to generate token");
    }
    LOG.info("New cluster created {}", token);
    return text(ex, 200, host + "/" + token);
  }

  private int health(HttpExchange ex) throws IOException {
    String token;
    try {
      token = tokens.create(0);
    } catch (TokenStore.StoreException e) {
      LOG.info("health failed to setupToken {}", e.getMessage());
      return error(ex, 400, "health failed to setupToken");
    }
    try {
      tokens.delete(token);
    } catch (TokenStore.StoreException e) {
      LOG.info("health failed to deleteToken {}", e.getMessage());
      return error(ex, 400, "health failed to deleteToken");
    }
    return text(ex, 200, "OK");
  }

  /** Go's Request.FormValue: the query first, then a url-encoded form body. */
  private static String formValue(HttpExchange ex, String name) throws IOException {
    String fromQuery = param(ex.getRequestURI().getRawQuery(), name);
    if (fromQuery != null) {
      return fromQuery;
    }
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    if (type != null && type.startsWith("application/x-www-form-urlencoded")) {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String fromBody = param(body, name);
      return fromBody == null ? "" : fromBody;
    }
    return "";
  }

  private static String param(String raw, String name) {
    if (raw == null) {
      return null;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      if (k.equals(name)) {
        return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /** Go's http.Error: the message and a newline, as plain text that must not be sniffed. */
  private static int error(HttpExchange ex, int status, String message) throws IOException {
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    return respond(ex, status, "text/plain; charset=utf-8", message + "\n");
  }

  private static int text(HttpExchange ex, int status, String body) throws IOException {
    return respond(ex, status, "text/plain; charset=utf-8", body);
  }

  private static int respond(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
    return status;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}

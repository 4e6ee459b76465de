package dev.etcdj.discovery.service;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards a request below a token to the same path under {@code /v2/keys/_etcd/registry} on
 * the backing cluster, headers and body both ways. Answers stream through as they come, so a
 * waiting request ({@code ?wait=true}) answers when the keys API does.
 */
final class KeysProxy {
  private static final Logger LOG = LoggerFactory.getLogger("discovery-service");
  private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade",
      "transfer-encoding", "keep-alive", "date");

  private final List<URI> endpoints;
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER)
      .build();

  KeysProxy(List<URI> endpoints) {
    this.endpoints = endpoints;
  }

  int forward(HttpExchange ex, String path) throws IOException {
    byte[] body = ex.getRequestBody().readAllBytes();
    String query = ex.getRequestURI().getRawQuery();
    String target = TokenStore.REGISTRY.substring(0, TokenStore.REGISTRY.length() - 1) + path.replaceAll("/+$", "");
    for (URI ep : endpoints) {
      HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(ep + target + (query == null ? "" : "?" + query)))
          .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(body));
      ex.getRequestHeaders().forEach((name, values) -> {
        if (!HOP_HEADERS.contains(name.toLowerCase())) {
          values.forEach(v -> req.header(name, v));
        }
      });
      HttpResponse<InputStream> resp;
      try {
        resp = http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (ConnectException e) {
        LOG.info("Error making request: {} {}", ep, e);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      return relay(ex, resp);
    }
    LOG.info("Error making request: All attempts at proxying to etcd failed");
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(500, 1);
    ex.getResponseBody().write('\n');
    return 500;
  }

  private static int relay(HttpExchange ex, HttpResponse<InputStream> resp) throws IOException {
    resp.headers().map().forEach((name, values) -> {
      if (!HOP_HEADERS.contains(name.toLowerCase()) && !name.startsWith(":")) {
        ex.getResponseHeaders().put(name, values);
      }
    });
    long length = resp.headers().firstValueAsLong("Content-Length").orElse(0);
    ex.sendResponseHeaders(resp.statusCode(), length == 0 && resp.headers().firstValue("Content-Length").isPresent()
        ? -1 : length);
    try (InputStream in = resp.body(); OutputStream out = ex.getResponseBody()) {
      byte[] buf = new byte[8192];
      for (int n; (n = in.read(buf)) > 0; ) {
        out.write(buf, 0, n);
        out.flush();
      }
    }
    return resp.statusCode();
  }
}

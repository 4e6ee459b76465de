package dev.etcdj.discovery.v2;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A small client of etcd's v2 keys API (the part discovery needs): get, create, delete and
 * wait. Keys are full URL paths below each endpoint (the caller adds {@code /v2/keys} when it
 * is not already part of the key). Endpoints are tried in order; a refused connection or a 5xx
 * answer moves on to the next one, and when all fail the call ends with
 * {@link ClusterUnavailableException}, as etcd's v2 client does.
 */
public final class KeysClient {
  /** etcd's client.DefaultRequestTimeout for one non-waiting request. */
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration DIAL_TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final List<URI> endpoints;
  private final HttpClient http;

  public KeysClient(List<URI> endpoints, Optional<InetSocketAddress> proxy) {
    this.endpoints = List.copyOf(endpoints);
    HttpClient.Builder b = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(DIAL_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER);
    proxy.ifPresent(p -> b.proxy(ProxySelector.of(p)));
    this.http = b.build();
  }

  public KeysResponse get(String key, boolean recursive)
      throws IOException, KeysError, ClusterUnavailableException, InvalidJsonException {
    Map<String, String> q = new TreeMap<>(Map.of("quorum", "false", "recursive", String.valueOf(recursive),
        "sorted", "false"));
    return call("GET", key, q, null, REQUEST_TIMEOUT);
  }

  /** Creates {@code key} only if it does not exist yet ({@code prevExist=false}). */
  public KeysResponse create(String key, String value)
      throws IOException, KeysError, ClusterUnavailableException, InvalidJsonException {
    return call("PUT", key, Map.of("prevExist", "false"), "value=" + URLEncoder.encode(value, StandardCharsets.UTF_8),
        REQUEST_TIMEOUT);
  }

  public KeysResponse deleteRecursive(String key)
      throws IOException, KeysError, ClusterUnavailableException, InvalidJsonException {
    return call("DELETE", key, Map.of("recursive", "true"), null, REQUEST_TIMEOUT);
  }

  /** Waits, without a time limit, for the first change at or after {@code waitIndex}. */
  public KeysResponse waitFor(String key, long waitIndex, boolean recursive)
      throws IOException, KeysError, ClusterUnavailableException, InvalidJsonException {
    Map<String, String> q = new TreeMap<>(Map.of("recursive", String.valueOf(recursive), "wait", "true",
        "waitIndex", Long.toUnsignedString(waitIndex)));
    KeysResponse r;
    do {
      r = call("GET", key, q, null, null);
    } while (r == null); // an empty body: the server closed the wait, ask again
    return r;
  }

  private KeysResponse call(String method, String key, Map<String, String> query, String form, Duration timeout)
      throws IOException, KeysError, ClusterUnavailableException, InvalidJsonException {
    List<String> errors = new ArrayList<>();
    for (URI ep : endpoints) {
      HttpRequest.Builder req = HttpRequest.newBuilder(url(ep, key, query));
      if (timeout != null) {
        req.timeout(timeout);
      }
      if (form != null) {
        req.header("Content-Type", "application/x-www-form-urlencoded")
            .method(method, HttpRequest.BodyPublishers.ofString(form));
      } else {
        req.method(method, HttpRequest.BodyPublishers.noBody());
      }
      HttpResponse<String> resp;
      try {
        resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
      } catch (HttpTimeoutException e) {
        throw new IOException("context deadline exceeded", e);
      } catch (ConnectException e) {
        errors.add("dial tcp " + ep.getAuthority() + ": connect: connection refused");
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("context canceled", e);
      } catch (IOException e) {
        errors.add(method + " " + ep + key + ": " + e);
        continue;
      }
      int code = resp.statusCode();
      if (code / 100 == 5) {
        errors.add(code == 500 || code == 503
            ? "client: etcd member " + ep + " has no leader"
            : "client: etcd member " + ep + " returns server error [" + reason(code) + "]");
        continue;
      }
      return decode(resp);
    }
    throw new ClusterUnavailableException(errors);
  }

  private static KeysResponse decode(HttpResponse<String> resp) throws KeysError, InvalidJsonException {
    String body = resp.body();
    if (resp.statusCode() == 200 || resp.statusCode() == 201) {
      if (body.isEmpty()) {
        return null;
      }
      try {
        JsonNode doc = JSON.readTree(body);
        KeysNode node = JSON.treeToValue(doc.get("node"), KeysNode.class);
        long index = resp.headers().firstValue("X-Etcd-Index").map(Long::parseUnsignedLong).orElse(0L);
        return new KeysResponse(doc.path("action").asText(), node, index);
      } catch (IOException | RuntimeException e) {
        throw new InvalidJsonException();
      }
    }
    JsonNode err;
    try {
      err = JSON.readTree(body);
    } catch (IOException e) {
      throw new InvalidJsonException();
    }
    if (err == null || !err.isObject()) {
      throw new InvalidJsonException();
    }
    throw new KeysError(err.path("errorCode").asInt(), err.path("message").asText(), err.path("cause").asText(),
        err.path("index").asLong());
  }

  static URI url(URI endpoint, String key, Map<String, String> query) {
    StringBuilder q = new StringBuilder();
    query.forEach((k, v) -> q.append(q.length() == 0 ? "" : "&").append(k).append('=').append(v));
    try {
      return new URI(endpoint.getScheme(), endpoint.getRawAuthority(), canonicalPath(key), q.toString(), null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("bad key " + key, e);
    }
  }

  /** etcd's pathutil.CanonicalURLPath: cleaned, rooted, keeping a trailing slash. */
  static String canonicalPath(String p) {
    if (p.isEmpty()) {
      return "/";
    }
    String rooted = p.startsWith("/") ? p : "/" + p;
    List<String> parts = new ArrayList<>();
    for (String seg : rooted.split("/")) {
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..")) {
        if (!parts.isEmpty()) {
          parts.remove(parts.size() - 1);
        }
      } else {
        parts.add(seg);
      }
    }
    String clean = "/" + String.join("/", parts);
    return rooted.endsWith("/") && !clean.equals("/") ? clean + "/" : clean;
  }

  private static String reason(int code) {
    return switch (code) {
      case 501 -> "Not Implemented";
      case 502 -> "Bad Gateway";
      case 504 -> "Gateway Timeout";
      case 505 -> "HTTP Version Not Supported";
      default -> "status " + code;
    };
  }
}

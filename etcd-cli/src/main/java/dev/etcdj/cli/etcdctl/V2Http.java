package dev.etcdj.cli.etcdctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.etcdj.tls.PemFiles;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The HTTP side of etcdctl's v2 mode (etcd's v2 Go client): a list of endpoints tried in order (a refused
 * connection, a header timeout or a 5xx answer moves on to the next), per-request and total timeouts, TLS
 * from PEM files, basic auth, and the cluster sync that replaces the endpoints by the members' client URLs.
 */
final class V2Http {
    static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: HTTP status, body, and the X-Etcd-Index header (0 without one). */
    record Response(int status, String body, long etcdIndex) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new V2Exit(V2Exit.SERVER_ERROR, "Error:  invalid character in the server's answer: " + body);
            }
        }
    }

    /** No endpoint answered: Go's client.ClusterError. */
    static final class ClusterError extends Exception {
        final List<String> errors;

        ClusterError(List<String> errors) {
            super(null, null, false, false);
            this.errors = errors;
        }

        @Override
        public String getMessage() {
            StringBuilder sb = new StringBuilder("client: etcd cluster is unavailable or misconfigured");
            for (int i = 0; i < errors.size(); i++) {
                sb.append("; error #").append(i).append(": ").append(errors.get(i)).append('\n');
            }
            return sb.toString();
        }

        String detail() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < errors.size(); i++) {
                sb.append("error #").append(i).append(": ").append(errors.get(i)).append('\n');
            }
            return sb.toString();
        }
    }

    /** The whole command ran out of its --total-timeout. */
    static final class DeadlineExceeded extends Exception {
        DeadlineExceeded() {
            super("context deadline exceeded", null, false, false);
        }
    }

    private List<String> endpoints;
    private final java.util.Set<String> connected = new java.util.HashSet<>();
    private final HttpClient http;
    private final Duration headerTimeout;
    private final long deadlineNanos;
    private final String authorization;

    V2Http(List<String> endpoints, V2Tls tls, long headerTimeoutNanos, long totalTimeoutNanos, String user,
           String password) {
        this.endpoints = endpoints;
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofNanos(Math.min(30_000_000_000L,
                        totalTimeoutNanos > 0 ? totalTimeoutNanos : Long.MAX_VALUE)));
        if (endpoints.stream().anyMatch(e -> e.startsWith("https://")) || tls.configured()) {
            b.sslContext(tls.sslContext());
        }
        this.http = b.build();
        this.headerTimeout = headerTimeoutNanos > 0 ? Duration.ofNanos(headerTimeoutNanos) : null;
        this.deadlineNanos = totalTimeoutNanos > 0 ? System.nanoTime() + totalTimeoutNanos : Long.MAX_VALUE;
        this.authorization = user == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    List<String> endpoints() {
        return endpoints;
    }

    /** The client certificate, key and CA bundle of --cert-file, --key-file and --ca-file. */
    record V2Tls(String certFile, String keyFile, String caFile) {
        boolean configured() {
            return !certFile.isEmpty() || !keyFile.isEmpty() || !caFile.isEmpty();
        }

        SSLContext sslContext() {
            try {
                SSLContext ctx = SSLContext.getInstance("TLS");
                TrustManagerFactory tmf = null;
                if (!caFile.isEmpty()) {
                    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                    ks.load(null, null);
                    int i = 0;
                    for (X509Certificate c : PemFiles.readCertificates(Path.of(caFile))) {
                        ks.setCertificateEntry("ca" + i++, c);
                    }
                    tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                    tmf.init(ks);
                }
                ctx.init(certFile.isEmpty() || keyFile.isEmpty() ? null
                                : PemFiles.loadKeyMaterial(Path.of(certFile), Path.of(keyFile)).keyManagerFactory()
                                        .getKeyManagers(),
                        tmf == null ? null : tmf.getTrustManagers(), null);
                return ctx;
            } catch (RuntimeException | java.security.GeneralSecurityException | IOException e) {
                throw new V2Exit(V2Exit.BAD_ARGS, e.getMessage());
            }
        }
    }

    /** Replaces the endpoints by the client URLs the members publish (GET /v2/members). */
    void sync() throws ClusterError, DeadlineExceeded, V2Exit {
        Response r = send("GET", "/v2/members", null, null, false);
        if (r.status() != 200) {
            return;
        }
        List<String> eps = new ArrayList<>();
        for (JsonNode m : r.json().path("members")) {
            for (JsonNode u : m.path("clientURLs")) {
                eps.add(u.asText());
            }
        }
        if (eps.isEmpty()) {
            throw new V2Exit(V2Exit.SERVER_ERROR, "etcd cluster has no published client endpoints.\n"
                    + "Try '--no-sync' if you want to access non-published client endpoints(" + String.join(",", endpoints)
                    + ").\nError:  client: no endpoints available");
        }
        endpoints = eps;
    }

    /**
     * Sends one request to the first endpoint that answers. {@code wait} requests (v2 watches) have no
     * per-request or total timeout.
     */
    Response send(String method, String pathAndQuery, String contentType, String body, boolean wait)
            throws ClusterError, DeadlineExceeded {
        List<String> errors = new ArrayList<>();
        for (String ep : endpoints) {
            long left = deadlineNanos - System.nanoTime();
            if (!wait && left <= 0) {
                throw new DeadlineExceeded();
            }
            if (!ep.startsWith("http://") && !ep.startsWith("https://")) {
                errors.add("unsupported protocol scheme " + GoFmt.quote(ep.substring(0, ep.indexOf(':'))));
                continue;
            }
            HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(stripSlash(ep) + pathAndQuery));
            if (!wait) {
                // Go's header timeout starts once the request is written: the first request to an endpoint,
                // which also dials and handshakes, is bounded by the total timeout only
                Duration t = Duration.ofNanos(left);
                boolean fresh = connected.add(ep);
                rb.timeout(!fresh && headerTimeout != null && headerTimeout.compareTo(t) < 0 ? headerTimeout : t);
            }
            if (contentType != null) {
                rb.header("Content-Type", contentType);
            }
            if (authorization != null) {
                rb.header("Authorization", authorization);
            }
            rb.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            HttpResponse<String> resp;
            try {
                resp = http.send(rb.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (HttpTimeoutException e) {
                if (deadlineNanos - System.nanoTime() <= 0) {
                    throw new DeadlineExceeded();
                }
                errors.add("client: endpoint " + ep + " exceeded header timeout");
                continue;
            } catch (ConnectException e) {
                errors.add("dial tcp " + URI.create(ep).getAuthority() + ": connect: connection refused");
                continue;
            } catch (IOException e) {
                errors.add(method + " " + ep + pathAndQuery + ": " + (e.getMessage() == null ? e : e.getMessage()));
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeadlineExceeded();
            }
            int code = resp.statusCode();
            if (code / 100 == 5) {
                errors.add(code == 500 || code == 503 ? "client: etcd member " + ep + " has no leader"
                        : "client: etcd member " + ep + " returns server error [" + statusText(code) + "]");
                continue;
            }
            long index = resp.headers().firstValue("X-Etcd-Index").map(Long::parseUnsignedLong).orElse(0L);
            return new Response(code, resp.body(), index);
        }
        throw new ClusterError(errors);
    }

    /** A plain GET of a full URL over the same transport (cluster-health's /health probes). */
    String get(String url) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("context canceled", e);
        }
    }

    private static String stripSlash(String ep) {
        return ep.endsWith("/") ? ep.substring(0, ep.length() - 1) : ep;
    }

    private static String statusText(int code) {
        return switch (code) {
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 504 -> "Gateway Timeout";
            case 505 -> "HTTP Version Not Supported";
            default -> "status code " + code;
        };
    }
}

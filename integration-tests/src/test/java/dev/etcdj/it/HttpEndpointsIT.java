package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP/1.1 side of the client port, as curl sees it: health, version, metrics, JSON gateway. */
class HttpEndpointsIT {
  @TempDir
  static Path tmp;
  static ServerProcess server;
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() {
    server = ServerProcess.startOurs(tmp.resolve("data"));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(String path, String json) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path))
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthAndVersion() throws Exception {
    HttpResponse<String> health = get("/health");
    assertEquals(200, health.statusCode());
    assertEquals("{\"health\":\"true\"}", health.body());
    assertEquals("{\"etcdserver\":\"3.4.23\",\"etcdcluster\":\"3.4.0\"}", get("/version").body());
  }

  @Test
  void metricsUseEtcdNames() throws Exception {
    String body = get("/metrics").body();
    assertTrue(body.contains("etcd_server_has_leader 1"), body);
    assertTrue(body.contains("etcd_server_version{server_version=\"3.4.23\"} 1"), body);
    assertTrue(body.contains("# TYPE etcd_disk_wal_fsync_duration_seconds histogram"), body);
    assertTrue(body.contains("etcd_mvcc_db_total_size_in_bytes"), body);
  }

  @Test
  void jsonGatewayPutThenRange() throws Exception {
    // base64: "Zm9v" = foo, "YmFy" = bar
    HttpResponse<String> put = post("/v3/kv/put", "{\"key\":\"Zm9v\",\"value\":\"YmFy\"}");
    assertEquals(200, put.statusCode(), put.body());
    assertTrue(put.body().matches("\\{\"header\":\\{\"cluster_id\":\"\\d+\",\"member_id\":\"\\d+\",\"revision\":\"\\d+\",\"raft_term\":\"\\d+\"}}"), put.body());

    HttpResponse<String> range = post("/v3/kv/range", "{\"key\":\"Zm9v\"}");
    assertEquals(200, range.statusCode());
    assertTrue(range.body().contains("\"kvs\":[{\"key\":\"Zm9v\",\"create_revision\":\""), range.body());
    assertTrue(range.body().contains("\"value\":\"YmFy\"}],\"count\":\"1\""), range.body());

    HttpResponse<String> beta = post("/v3beta/kv/range", "{\"key\":\"Zm9v\",\"count_only\":true}");
    assertTrue(beta.body().contains("\"count\":\"1\""), beta.body());
  }

  @Test
  void jsonGatewayErrorsLookLikeGrpcGateway() throws Exception {
    HttpResponse<String> r = post("/v3/kv/put", "{\"value\":\"YmFy\"}");
    assertEquals(400, r.statusCode());
    assertEquals("{\"error\":\"etcdserver: key is not provided\",\"message\":\"etcdserver: key is not provided\",\"code\":3}",
        r.body());
  }

  /** grpc-gateway's streaming Watch: one {"result":...} line per response, the stream stays open. */
  @Test
  void jsonGatewayWatchStreamsNewlineDelimitedResults() throws Exception {
    post("/v3/kv/put", "{\"key\":\"d2tleQ==\",\"value\":\"d3ZhbA==\"}"); // wkey = wval
    HttpRequest req = HttpRequest.newBuilder(URI.create(server.url() + "/v3/watch"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"create_request\" : {\"key\":\"d2tleQ==\",\"start_revision\":1}}"))
        .build();
    HttpResponse<java.util.stream.Stream<String>> res = HTTP.send(req, HttpResponse.BodyHandlers.ofLines());
    assertEquals(200, res.statusCode());
    java.util.Iterator<String> lines = res.body().iterator();
    String created = lines.next();
    assertTrue(created.startsWith("{\"result\":{\"header\":{") && created.contains("\"created\":true"), created);
    String event = lines.next();
    assertTrue(event.contains("\"events\":[{\"kv\":{\"key\":\"d2tleQ==\"") && event.contains("\"value\":\"d3ZhbA==\""), event);
    res.body().close();
  }

  /** LeaseKeepAlive over the gateway answers each request and ends with the request body. */
  @Test
  void jsonGatewayLeaseKeepAlive() throws Exception {
    post("/v3/lease/grant", "{\"ID\":4242,\"TTL\":60}");
    HttpResponse<String> r = post("/v3/lease/keepalive", "{\"ID\":4242}");
    assertEquals(200, r.statusCode());
    assertTrue(r.body().matches("\\{\"result\":\\{\"header\":\\{.*},\"ID\":\"4242\",\"TTL\":\"60\"}}\n"), r.body());
  }

  /** etcd's mvcc and go-grpc-prometheus counters, as TestV3Metrics greps them. */
  @Test
  void metricsCountPutsDeletesAndGrpcCalls() throws Exception {
    post("/v3/kv/put", "{\"key\":\"bQ==\",\"value\":\"dg==\"}");
    post("/v3/kv/deleterange", "{\"key\":\"bQ==\"}");
    String body = get("/metrics").body();
    assertTrue(body.matches("(?s).*\netcd_mvcc_put_total [1-9]\\d*\n.*"), body);
    assertTrue(body.matches("(?s).*\netcd_mvcc_delete_total [1-9]\\d*\n.*"), body);
    assertTrue(body.contains("# TYPE grpc_server_handled_total counter"), body);
  }
}

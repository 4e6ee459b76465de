package dev.etcdj.server.corrupt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.etcdj.api.HashKVRequest;
import dev.etcdj.api.HashKVResponse;
import dev.etcdj.api.ResponseHeader;
import org.junit.jupiter.api.Test;

/** The JSON of etcd's /members/hashkv, as Go's encoding/json writes and reads it. */
class HashKvJsonTest {
  @Test
  void requestAsGoMarshalsIt() {
    assertEquals("{\"revision\":42}", HashKvJson.encode(HashKVRequest.newBuilder().setRevision(42).build()));
    assertEquals("{}", HashKvJson.encode(HashKVRequest.getDefaultInstance()), "omitempty");
    assertEquals(42, HashKvJson.decodeRequest("{\"revision\":42,\"other\":\"ignored\"}").getRevision());
    assertEquals(0, HashKvJson.decodeRequest("null").getRevision());
  }

  @Test
  void badRequestsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> HashKvJson.decodeRequest(""));
    assertThrows(IllegalArgumentException.class, () -> HashKvJson.decodeRequest("{\"revision\":\"5\"}"));
    assertThrows(IllegalArgumentException.class, () -> HashKvJson.decodeRequest("[1]"));
    assertThrows(IllegalArgumentException.class, () -> HashKvJson.decodeRequest("{\"revision\":"));
  }

  @Test
  void responseAsGoMarshalsIt() {
    HashKVResponse r = HashKVResponse.newBuilder().setHeader(ResponseHeader.newBuilder().setRevision(7))
        .setHash(0xF0000001).setCompactRevision(3).build();
    String json = HashKvJson.encode(r);
    assertEquals("{\"header\":{\"revision\":7},\"hash\":4026531841,\"compact_revision\":3}", json);
    assertEquals(r, HashKvJson.decodeResponse(json));
    assertEquals("{\"header\":{}}", HashKvJson.encode(HashKVResponse.getDefaultInstance()));
  }

  @Test
  void responseFromRealEtcdDecodes() {
    HashKVResponse r = HashKvJson.decodeResponse(
        "{\"header\":{\"cluster_id\":14841639068965178418,\"revision\":12},\"hash\":1084519789}");
    assertEquals(0xCDF818194E3A8C32L, r.getHeader().getClusterId());
    assertEquals(12, r.getHeader().getRevision());
    assertEquals(1084519789, r.getHash());
    assertEquals(0, r.getCompactRevision());
  }
}

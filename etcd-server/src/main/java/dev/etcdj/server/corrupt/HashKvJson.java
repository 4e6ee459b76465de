package dev.etcdj.server.corrupt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.etcdj.api.HashKVRequest;
import dev.etcdj.api.HashKVResponse;
import dev.etcdj.api.ResponseHeader;

/**
 * HashKVRequest and HashKVResponse as etcd's peer {@code /members/hashkv} exchanges them: Go's
 * {@code encoding/json} of the gogo structs, so numbers are JSON numbers and zero fields are
 * left out ({@code omitempty}), e.g. {@code {"header":{"revision":5},"hash":1084519789}}.
 */
final class HashKvJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HashKvJson() {}

  static String encode(HashKVRequest r) {
    return r.getRevision() == 0 ? "{}" : "{\"revision\":" + r.getRevision() + "}";
  }

  /** @throws IllegalArgumentException if the body is not what Go would unmarshal */
  static HashKVRequest decodeRequest(String body) {
    JsonNode n = parse(body);
    HashKVRequest.Builder b = HashKVRequest.newBuilder();
    if (n.isNull()) {
      return b.build();
    }
    if (!n.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    b.setRevision(int64(n.get("revision")));
    return b.build();
  }

  static String encode(HashKVResponse r) {
    StringBuilder sb = new StringBuilder("{\"header\":{");
    ResponseHeader h = r.getHeader();
    String sep = "";
    if (h.getClusterId() != 0) {
      sb.append("\"cluster_id\":").append(Long.toUnsignedString(h.getClusterId()));
      sep = ",";
    }
    if (h.getMemberId() != 0) {
      sb.append(sep).append("\"member_id\":").append(Long.toUnsignedString(h.getMemberId()));
      sep = ",";
    }
    if (h.getRevision() != 0) {
      sb.append(sep).append("\"revision\":").append(h.getRevision());
      sep = ",";
    }
    if (h.getRaftTerm() != 0) {
      sb.append(sep).append("\"raft_term\":").append(Long.toUnsignedString(h.getRaftTerm()));
    }
    sb.append('}');
    if (r.getHash() != 0) {
      sb.append(",\"hash\":").append(Integer.toUnsignedLong(r.getHash()));
    }
    if (r.getCompactRevision() != 0) {
      sb.append(",\"compact_revision\":").append(r.getCompactRevision());
    }
    return sb.append('}').toString();
  }

  /** @throws IllegalArgumentException if the body is not a HashKVResponse */
  static HashKVResponse decodeResponse(String body) {
    JsonNode n = parse(body);
    if (!n.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    HashKVResponse.Builder b = HashKVResponse.newBuilder()
        .setHash((int) uint64(n.get("hash")))
        .setCompactRevision(int64(n.get("compact_revision")));
    JsonNode h = n.get("header");
    if (h != null && h.isObject()) {
      b.setHeader(ResponseHeader.newBuilder()
          .setClusterId(uint64(h.get("cluster_id")))
          .setMemberId(uint64(h.get("member_id")))
          .setRevision(int64(h.get("revision")))
          .setRaftTerm(uint64(h.get("raft_term"))));
    }
    return b.build();
  }

  private static JsonNode parse(String body) {
    try {
      JsonNode n = JSON.readTree(body);
      if (n == null || n.isMissingNode()) {
        throw new IllegalArgumentException("unexpected end of JSON input");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    }
  }

  private static long int64(JsonNode v) {
    if (v == null || v.isNull()) {
      return 0;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException("cannot unmarshal " + v + " into an int64");
    }
    return v.asLong();
  }

  private static long uint64(JsonNode v) {
    if (v == null || v.isNull()) {
      return 0;
    }
    if (!v.isIntegralNumber() || v.bigIntegerValue().signum() < 0 || v.bigIntegerValue().bitLength() > 64) {
      throw new IllegalArgumentException("cannot unmarshal " + v + " into a uint64");
    }
    return v.bigIntegerValue().longValue();
  }
}

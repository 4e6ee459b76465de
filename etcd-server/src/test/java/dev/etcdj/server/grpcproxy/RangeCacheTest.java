package dev.etcdj.server.grpcproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.google.protobuf.ByteString;
import dev.etcdj.api.RangeRequest;
import dev.etcdj.api.RangeResponse;
import dev.etcdj.api.ResponseHeader;
import org.junit.jupiter.api.Test;

class RangeCacheTest {
  static ByteString b(String s) {
    return ByteString.copyFromUtf8(s);
  }

  static RangeRequest get(String key, String end) {
    return RangeRequest.newBuilder().setKey(b(key)).setRangeEnd(b(end)).setSerializable(true).build();
  }

  static RangeResponse resp(long rev) {
    return RangeResponse.newBuilder().setHeader(ResponseHeader.newBuilder().setRevision(rev)).build();
  }

  @Test
  void servesWhatWasAddedUntilAWriteTouchesIt() {
    RangeCache c = new RangeCache(10);
    c.add(get("a", ""), resp(1));
    c.add(get("b", "d"), resp(2));
    c.add(get("x", ""), resp(3));
    assertEquals(resp(1), ((RangeCache.Hit) c.get(get("a", ""))).response());
    c.invalidate(b("c"), ByteString.EMPTY);
    assertInstanceOf(RangeCache.Miss.class, c.get(get("b", "d")));
    assertInstanceOf(RangeCache.Hit.class, c.get(get("a", "")));
    c.invalidate(b("0"), ByteString.copyFrom(new byte[] {0}));
    assertInstanceOf(RangeCache.Miss.class, c.get(get("a", "")));
    assertInstanceOf(RangeCache.Miss.class, c.get(get("x", "")));
  }

  @Test
  void keepsTheMostRecentlyUsedEntries() {
    RangeCache c = new RangeCache(2);
    c.add(get("a", ""), resp(1));
    c.add(get("b", ""), resp(2));
    c.get(get("a", ""));
    c.add(get("c", ""), resp(3));
    assertEquals(2, c.size());
    assertInstanceOf(RangeCache.Hit.class, c.get(get("a", "")));
    assertInstanceOf(RangeCache.Miss.class, c.get(get("b", "")));
  }

  @Test
  void requestsBelowTheCompactedRevisionAreRefused() {
    RangeCache c = new RangeCache(10);
    RangeRequest old = get("a", "").toBuilder().setRevision(3).build();
    c.add(old, resp(5));
    c.compact(4);
    assertInstanceOf(RangeCache.Compacted.class, c.get(old));
    assertInstanceOf(RangeCache.Miss.class, c.get(get("a", "")));
  }
}

package dev.etcdj.server.grpcproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.protobuf.ByteString;
import dev.etcdj.api.Compare;
import dev.etcdj.api.KeyValue;
import dev.etcdj.api.RangeRequest;
import dev.etcdj.api.RangeResponse;
import dev.etcdj.api.RequestOp;
import dev.etcdj.api.PutRequest;
import dev.etcdj.api.TxnRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class NamespaceTest {
  static ByteString b(String s) {
    return ByteString.copyFromUtf8(s);
  }

  @Test
  void prefixesKeysAndRangeEndsAsClientv3Namespace() {
    Namespace ns = new Namespace("ab/");
    assertEquals(b("ab/k"), ns.key(b("k")));
    assertEquals(b(""), ns.end(b("")));
    assertEquals(b("ab/z"), ns.end(b("z")));
    // "\0" (to the end of the keyspace) ends at the end of the prefix's keyspace
    assertEquals(b("ab0"), ns.end(ByteString.copyFrom(new byte[] {0})));
  }

  @Test
  void rangeEndIncrementsTheLastByteOfTheEncodedPrefix() {
    Namespace ns = new Namespace("\u00ff");
    ByteString ff = ByteString.copyFrom(new byte[] {(byte) 0xc3, (byte) 0xbf});
    assertEquals(ff.concat(b("k")), ns.key(b("k")));
    assertEquals(ByteString.copyFrom(new byte[] {(byte) 0xc3, (byte) 0xc0}), ns.end(ByteString.copyFrom(new byte[] {0})));
  }

  @Test
  void answersComeBackWithoutThePrefix() {
    Namespace ns = new Namespace("p/");
    RangeResponse r = RangeResponse.newBuilder().addKvs(KeyValue.newBuilder().setKey(b("p/a"))).build();
    assertEquals(b("a"), ns.out(r).getKvs(0).getKey());
    assertEquals(List.of(b("x")), ns.outKeys(List.of(b("p/x"), b("q/y"))));
    assertNull(ns.strip(b("q/y")));
  }

  @Test
  void txnComparesAndOpsArePrefixed() {
    Namespace ns = new Namespace("p/");
    TxnRequest t = ns.in(TxnRequest.newBuilder()
        .addCompare(Compare.newBuilder().setKey(b("c")))
        .addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder().setKey(b("s"))))
        .addFailure(RequestOp.newBuilder().setRequestRange(RangeRequest.newBuilder().setKey(b("f")).setRangeEnd(b("g"))))
        .build());
    assertEquals(b("p/c"), t.getCompare(0).getKey());
    assertEquals(b("p/s"), t.getSuccess(0).getRequestPut().getKey());
    assertEquals(b("p/g"), t.getFailure(0).getRequestRange().getRangeEnd());
  }

  @Test
  void theEmptyNamespaceChangesNothing() {
    Namespace ns = new Namespace("");
    RangeRequest r = RangeRequest.newBuilder().setKey(b("k")).setRangeEnd(ByteString.copyFrom(new byte[] {0})).build();
    assertEquals(r, ns.in(r));
  }
}

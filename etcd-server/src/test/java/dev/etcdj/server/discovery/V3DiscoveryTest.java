package dev.etcdj.server.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

class V3DiscoveryTest {
  @Test
  void prefixEndIsEtcdsGetPrefixRangeEnd() {
    assertEquals(ByteString.copyFromUtf8("/_etcd/registry/t/membert"),
        V3Discovery.prefixEnd("/_etcd/registry/t/members"));
    assertEquals(ByteString.copyFrom(new byte[] {0}), V3Discovery.prefixEnd(""));
  }
}

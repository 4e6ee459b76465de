package dev.etcdj.server.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

class RecipesTest {
  static String s(ByteString b) {
    return b.toStringUtf8();
  }

  @Test
  void keysAreNameSlashLeaseHexAsGoPrintsIt() {
    ByteString prefix = Recipes.prefix(ByteString.copyFromUtf8("mylock"));
    assertEquals("mylock/", s(prefix));
    assertEquals("mylock/694d77aa3f6e0c0b", s(Recipes.keyOf(prefix, 0x694d77aa3f6e0c0bL)));
    assertEquals("mylock/1", s(Recipes.keyOf(prefix, 1)));
    assertEquals("mylock/-ff", s(Recipes.keyOf(prefix, -255)));
  }

  @Test
  void prefixEndIsEtcdsGetPrefixRangeEnd() {
    assertEquals("a0", s(Recipes.prefixEnd(ByteString.copyFromUtf8("a/"))));
    assertEquals(ByteString.copyFrom(new byte[] {'a', 1}),
        Recipes.prefixEnd(ByteString.copyFrom(new byte[] {'a', 0, (byte) 0xff})));
    assertEquals(ByteString.copyFrom(new byte[] {0}), Recipes.prefixEnd(ByteString.copyFrom(new byte[] {(byte) 0xff})));
  }
}

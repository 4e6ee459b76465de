package dev.etcdj.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Simple tokens (format, TTL, invalidation) and bcrypt passwords. */
class TokensTest {
  private final AtomicLong now = new AtomicLong();
  private final SimpleTokens tokens =
      new SimpleTokens(Duration.ofSeconds(10), now::get, i -> CompletableFuture.completedFuture(null));

  @Test
  void simpleTokenIsPrefixDotIndexAndNamesItsUser() {
    tokens.enable();
    String prefix = tokens.newPrefix();
    assertTrue(prefix.matches("[a-zA-Z]{16}"), prefix);
    String token = tokens.assign("alice", 3, prefix, 42);
    assertEquals(prefix + ".42", token);
    assertEquals(new AuthInfo("alice", 7), tokens.info(token, 7).orElseThrow());
    assertTrue(tokens.info("garbage", 7).isEmpty());
    assertTrue(tokens.info(prefix + ".43", 7).isEmpty());
  }

  @Test
  void unusedTokenExpiresAfterTtlAndUseExtendsIt() {
    tokens.enable();
    String token = tokens.assign("alice", 1, tokens.newPrefix(), 1);
    now.addAndGet(Duration.ofSeconds(8).toNanos());
    assertTrue(tokens.info(token, 1).isPresent());
    now.addAndGet(Duration.ofSeconds(8).toNanos());
    assertTrue(tokens.info(token, 1).isPresent(), "the use 8 s ago restarted the TTL");
    now.addAndGet(Duration.ofSeconds(11).toNanos());
    assertTrue(tokens.info(token, 1).isEmpty());
  }

  @Test
  void invalidationAndDisableDropTokens() {
    tokens.enable();
    String a = tokens.assign("alice", 1, tokens.newPrefix(), 1);
    String b = tokens.assign("bob", 1, tokens.newPrefix(), 2);
    tokens.invalidateUser("alice");
    assertTrue(tokens.info(a, 1).isEmpty());
    assertTrue(tokens.info(b, 1).isPresent());
    tokens.disable();
    assertTrue(tokens.info(b, 1).isEmpty());
  }

  @Test
  void bcryptHashesInGoFormatAndVerifies() {
    Passwords passwords = new Passwords(4);
    String hash = passwords.hash("secret");
    assertTrue(hash.startsWith("$2a$04$"), hash);
    assertTrue(Passwords.matches(hash, "secret"));
    assertFalse(Passwords.matches(hash, "Secret"));
    assertTrue(Passwords.matches(passwords.hash(""), ""));
    assertFalse(Passwords.matches("not a hash", "secret"));
  }

  @Test
  void goBcryptHashIsAccepted() {
    // made by Go's golang.org/x/crypto/bcrypt (etcd's hasher) for the password "root"
    String goHash = "$2a$10$IU25xA2ty37pDGq84OAuGOxYcQN8oAIXw02l1xHpQqyfo9wJZosfu";
    assertTrue(Passwords.matches(goHash, "root"));
    assertFalse(Passwords.matches(goHash, "toor"));
  }
}

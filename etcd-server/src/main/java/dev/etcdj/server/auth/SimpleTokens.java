package dev.etcdj.server.auth;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd's simple tokens: "&lt;16 random letters&gt;.&lt;raft index&gt;", remembered by every member
 * when it applies the Authenticate entry, valid until unused for {@code --auth-token-ttl}.
 * A token of an entry not applied here yet is waited for (the client may have authenticated
 * through another member).
 */
public final class SimpleTokens implements TokenProvider {
  private static final Logger LOG = LoggerFactory.getLogger("auth");
  private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final Duration INDEX_WAIT = Duration.ofSeconds(2);

  private record Entry(String user, long expiresAtNanos) {}

  private final SecureRandom random = new SecureRandom();
  private final long ttlNanos;
  private final LongSupplier nanoClock;
  private final LongFunction<java.util.concurrent.CompletableFuture<Void>> appliedIndex;
  private final Map<String, Entry> tokens = new HashMap<>();
  private boolean enabled;

  public SimpleTokens(Duration ttl, LongSupplier nanoClock,
      LongFunction<java.util.concurrent.CompletableFuture<Void>> appliedIndex) {
    this.ttlNanos = (ttl.isZero() || ttl.isNegative() ? Duration.ofSeconds(300) : ttl).toNanos();
    this.nanoClock = nanoClock;
    this.appliedIndex = appliedIndex;
  }

  @Override
  public synchronized void enable() {
    enabled = true;
  }

  @Override
  public synchronized void disable() {
    enabled = false;
    tokens.clear();
  }

  @Override
  public Optional<AuthInfo> info(String token, long revision) {
    int dot = token.indexOf('.');
    if (dot < 0 || token.indexOf('.', dot + 1) >= 0) {
      return Optional.empty();
    }
    long index;
    try {
      index = Long.parseLong(token.substring(dot + 1));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    try {
      appliedIndex.apply(index).get(INDEX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      return Optional.empty();
    }
    synchronized (this) {
      Entry e = tokens.get(token);
      long now = nanoClock.getAsLong();
      if (e == null) {
        return Optional.empty();
      }
      if (now - e.expiresAtNanos > 0) {
        tokens.remove(token);
        LOG.info("deleted a simple token of user {}", e.user);
        return Optional.empty();
      }
      tokens.put(token, new Entry(e.user, now + ttlNanos));
      return Optional.of(new AuthInfo(e.user, revision));
    }
  }

  @Override
  public synchronized String assign(String user, long revision, String prefix, long index) {
    String token = prefix + "." + index;
    if (enabled) {
      tokens.put(token, new Entry(user, nanoClock.getAsLong() + ttlNanos));
    }
    return token;
  }

  @Override
  public synchronized void invalidateUser(String user) {
    tokens.values().removeIf(e -> e.user.equals(user));
  }

  @Override
  public String newPrefix() {
    StringBuilder b = new StringBuilder(16);
    for (int i = 0; i < 16; i++) {
      b.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
    }
    return b.toString();
  }
}

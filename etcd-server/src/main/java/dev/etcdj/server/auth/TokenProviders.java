package dev.etcdj.server.auth;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;

/** Builds the provider named by {@code --auth-token} ("simple", or "jwt,..." options). */
final class TokenProviders {
  private TokenProviders() {}

  static TokenProvider create(String spec, Duration ttl, LongFunction<CompletableFuture<Void>> appliedIndex) {
    String type = spec.split(",", 2)[0];
    if (type.equals("jwt")) {
      return JwtTokens.fromOptions(spec);
    }
    if (!type.equals("simple")) {
      throw new IllegalArgumentException("auth: invalid auth options");
    }
    return new SimpleTokens(ttl, System::nanoTime, appliedIndex);
  }
}

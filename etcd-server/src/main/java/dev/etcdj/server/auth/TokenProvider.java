package dev.etcdj.server.auth;

import java.util.Optional;

/** etcd's auth token providers: {@code simple} and {@code jwt}. */
public interface TokenProvider {
  /** Called when authentication is enabled (or found enabled at start). */
  void enable();

  /** Called when authentication is disabled: every token becomes invalid. */
  void disable();

  /** The user a token stands for, checked at the current auth revision. */
  Optional<AuthInfo> info(String token, long revision);

  /**
   * Issues a token to {@code user} while applying the Authenticate entry at {@code index};
   * {@code prefix} is the proposer's random part of a simple token.
   */
  String assign(String user, long revision, String prefix, long index);

  /** A deleted user, or one whose password changed, loses its tokens. */
  void invalidateUser(String user);

  /** The random part of the next token, chosen by the proposing member. */
  String newPrefix();
}

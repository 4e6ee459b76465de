package dev.etcdj.server.v2auth;

/** An auth refusal ({@code v2auth.Error}): the HTTP status and the "auth: ..." message clients see. */
public final class V2AuthError extends RuntimeException {
  private final int status;

  V2AuthError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  static V2AuthError of(int status, String format, Object... args) {
    return new V2AuthError(status, "auth: " + String.format(format, args));
  }

  public int status() {
    return status;
  }
}

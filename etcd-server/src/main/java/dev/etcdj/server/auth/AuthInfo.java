package dev.etcdj.server.auth;

/** Who made a request, and the auth store revision their rights were looked up at. */
public record AuthInfo(String user, long revision) {
  /** No user given: only allowed while authentication is disabled. */
  public static final AuthInfo NONE = new AuthInfo("", 0);
}

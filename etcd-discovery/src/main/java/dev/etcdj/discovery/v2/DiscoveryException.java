package dev.etcdj.discovery.v2;

/**
 * Discovery failed. {@link #reason()} names etcd's v2discovery error when it is one of them;
 * otherwise the message is the underlying error's, as etcd reports it.
 */
public final class DiscoveryException extends Exception {

  /** etcd's v2discovery errors, with their exact texts. */
  public enum Reason {
    INVALID_URL("discovery: invalid URL"),
    BAD_SIZE_KEY("discovery: size key is bad"),
    SIZE_NOT_FOUND("discovery: size key not found"),
    DUPLICATE_ID("discovery: found duplicate id"),
    DUPLICATE_NAME("discovery: found duplicate name"),
    FULL_CLUSTER("discovery: cluster is full"),
    TOO_MANY_RETRIES("discovery: too many retries"),
    BAD_DISCOVERY_ENDPOINT("discovery: bad discovery endpoint"),
    OTHER("");

    private final String text;

    Reason(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  private final Reason reason;
  private final String detail;

  public DiscoveryException(Reason reason) {
    this(reason, reason.text());
  }

  /** A named reason with etcd's text, plus what an operator needs to fix it. */
  public DiscoveryException(Reason reason, String message, String detail) {
    super(message, null, false, false);
    this.reason = reason;
    this.detail = detail;
  }

  /**
   * A named reason whose text differs from etcd's constant, because etcd 3.4 reports the
   * underlying error there (a missing size key shows as the keys API's "Key not found").
   */
  public DiscoveryException(Reason reason, String message) {
    this(reason, message, "");
  }

  /** A failure that is none of etcd's named discovery errors (a keys API error, a timeout). */
  public static DiscoveryException other(Exception cause) {
    return new DiscoveryException(Reason.OTHER, cause.getMessage());
  }

  public Reason reason() {
    return reason;
  }

  /** For {@link Reason#DUPLICATE_NAME}: the names registered by more than one member; else empty. */
  public String detail() {
    return detail;
  }
}

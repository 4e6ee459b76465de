package dev.etcdj.discovery.v2;

/** The answer was not JSON: the URL probably does not point at an etcd keys API. */
public final class InvalidJsonException extends Exception {
  public InvalidJsonException() {
    super("client: response is invalid json. The endpoint is probably not valid etcd cluster endpoint",
        null, false, false);
  }
}

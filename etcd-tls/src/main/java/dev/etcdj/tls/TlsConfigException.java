package dev.etcdj.tls;

/** Invalid TLS configuration or unreadable TLS material; messages follow etcd's/Go's wording. */
public final class TlsConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TlsConfigException(String message) {
        super(message);
    }

    public TlsConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.etcdj.cli.transport;

/**
 * Where one server listens: a TCP host and port, or a unix socket path; secure when TLS is spoken.
 *
 * @param host the TCP host, which the server's certificate must name; for a unix socket over TLS, the
 *     path up to its last colon, as clientv3 takes it ("unixs://localhost:2379" is checked as "localhost")
 * @param authority the :authority of requests
 */
public record Endpoint(String host, int port, String unixPath, boolean secure, String authority) {

    /**
     * Parses an etcdctl endpoint: {@code host:port}, {@code http://host:port}, {@code https://host:port}
     * (a path after the address is ignored), {@code unix://path} or {@code unixs://path} (TLS).
     *
     * @param secureByDefault whether an address without a scheme speaks TLS
     */
    public static Endpoint parse(String endpoint, boolean secureByDefault) {
        String t = endpoint.trim();
        boolean secure = secureByDefault;
        if (t.startsWith("unix://") || t.startsWith("unixs://")) {
            boolean tls = t.startsWith("unixs://");
            String path = t.substring(tls ? 8 : 7);
            int colon = path.lastIndexOf(':');
            return new Endpoint(tls ? (colon > 0 ? path.substring(0, colon) : path) : null, 0, path, tls, "localhost");
        }
        if (t.startsWith("http://")) {
            secure = false;
            t = t.substring(7);
        } else if (t.startsWith("https://")) {
            secure = true;
            t = t.substring(8);
        }
        int slash = t.indexOf('/');
        if (slash >= 0) {
            t = t.substring(0, slash);
        }
        int colon = t.lastIndexOf(':');
        boolean hasPort = colon > 0 && t.indexOf(']', colon) < 0;
        String host = hasPort ? t.substring(0, colon) : t;
        int port = hasPort ? Integer.parseInt(t.substring(colon + 1)) : secure ? 443 : 80;
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new Endpoint(host, port, null, secure, t);
    }

    public boolean isUnix() {
        return unixPath != null;
    }

    @Override
    public String toString() {
        return isUnix() ? (secure ? "unixs://" : "unix://") + unixPath : authority;
    }
}

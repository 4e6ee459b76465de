package dev.etcdj.cli.transport;

/**
 * Where one server listens: a TCP host and port, or a unix socket path; secure when TLS is spoken.
 *
 * @param authority the :authority of requests, and the name the server's certificate must hold
 */
public record Endpoint(String host, int port, String unixPath, boolean secure, String authority) {

    /**
     * Parses an etcdctl endpoint: {@code host:port}, {@code http://host:port}, {@code https://host:port}
     * (a path after the address is ignored) or {@code unix://path}.
     *
     * @param secureByDefault whether an address without a scheme speaks TLS
     */
    public static Endpoint parse(String endpoint, boolean secureByDefault) {
        String t = endpoint.trim();
        boolean secure = secureByDefault;
        if (t.startsWith("unix://")) {
            String path = t.substring(7);
            return new Endpoint(null, 0, path, false, "localhost");
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
        return isUnix() ? "unix://" + unixPath : authority;
    }
}

package dev.etcdj.cli.transport;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/** Go's texts for failed dials ("dial tcp 127.0.0.1:2379: connect: connection refused"). */
final class DialErrors {
    private DialErrors() {}

    static String text(Endpoint ep, Exception e) {
        String dial = ep.isUnix() ? "dial unix " + ep.unixPath() : "dial tcp " + ep.authority();
        if (e instanceof ConnectException) {
            return dial + ": connect: connection refused";
        }
        if (e instanceof NoRouteToHostException) {
            return dial + ": connect: no route to host";
        }
        if (e instanceof SocketTimeoutException) {
            return dial + ": i/o timeout";
        }
        if (e instanceof UnknownHostException) {
            return dial + ": lookup " + ep.host() + ": no such host";
        }
        return "authentication handshake failed: " + e.getMessage();
    }
}

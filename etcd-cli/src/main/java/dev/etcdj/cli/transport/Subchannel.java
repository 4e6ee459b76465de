package dev.etcdj.cli.transport;

/**
 * The connection to one endpoint: a thread dials it when asked (retrying while calls wait for it) and,
 * once connected, reads the connection's frames until it ends. State is guarded by the channel's lock.
 */
final class Subchannel {
    enum State { IDLE, CONNECTING, READY }

    final Endpoint endpoint;
    State state = State.IDLE;
    H2Connection connection;
    /** The conduit being dialed, so that a shutdown can cut it. */
    volatile Conduit dialing;

    Subchannel(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    String scheme() {
        return endpoint.secure() ? "https" : "http";
    }
}

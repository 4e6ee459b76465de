package dev.etcdj.cli.transport;

/**
 * How a {@link GrpcChannel} connects.
 *
 * @param tls for the secure endpoints; null when there are none
 * @param authorityOverride the :authority and the name the servers' certificates must hold (etcdctl's
 *        discovery domain), or null for each endpoint's own
 * @param keepAliveTimeNanos 0 for no keep-alive pings
 */
public record ChannelSettings(ClientTls tls, String authorityOverride, long dialTimeoutNanos,
        long keepAliveTimeNanos, long keepAliveTimeoutNanos) {
}

package dev.etcdj.server.gateway;

/** cobra's help and usage texts of {@code etcd gateway} and {@code etcd gateway start}, as etcd 3.4 prints them. */
final class GatewayHelp {
  private GatewayHelp() {}

  static final String START_USAGE = """
      Usage:
        etcd gateway start [flags]

      Flags:
            --discovery-srv string        DNS domain used to bootstrap initial cluster
            --discovery-srv-name string   service name to query when using DNS discovery
            --endpoints strings           comma separated etcd cluster endpoints (default [127.0.0.1:2379])
        -h, --help                        help for start
            --insecure-discovery          accept insecure SRV records
            --listen-addr string          listen address (default "127.0.0.1:23790")
            --retry-delay duration        duration of delay before retrying failed endpoints (default 1m0s)
            --trusted-ca-file string      path to the client server TLS CA file for verifying the discovered endpoints when discovery-srv is provided.
      """;

  static final String START_HELP = "start the gateway\n\n" + START_USAGE;

  static final String GATEWAY_HELP = """
      gateway related command

      Usage:
        etcd gateway [command]

      Available Commands:
        start       start the gateway

      Flags:
        -h, --help   help for gateway

      Use "etcd gateway [command] --help" for more information about a command.
      """;
}

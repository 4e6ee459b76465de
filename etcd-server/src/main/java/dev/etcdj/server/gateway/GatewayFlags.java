package dev.etcdj.server.gateway;

import dev.etcdj.server.compactor.GoDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The flags of {@code etcd gateway start}, with etcd 3.4's defaults. */
record GatewayFlags(String listenAddr, List<String> endpoints, String discoverySrv, String discoverySrvName,
    boolean insecureDiscovery, String trustedCaFile, Duration retryDelay, boolean help) {

  /** A command line cobra/pflag would refuse; the message is theirs. */
  static final class UsageException extends Exception {
    UsageException(String message) {
      super(message, null, false, false);
    }
  }

  static GatewayFlags defaults() {
    return new GatewayFlags("127.0.0.1:23790", List.of("127.0.0.1:2379"), "", "", false, "",
        Duration.ofMinutes(1), false);
  }

  /**
   * Parses pflag-style flags ({@code --name=value}, {@code --name value}, booleans alone or
   * with {@code =value}); arguments that are not flags are ignored, as cobra does for start.
   */
  static GatewayFlags parse(List<String> args) throws UsageException {
    Builder b = new Builder();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--")) {
        break;
      }
      if (!a.startsWith("-") || a.length() == 1) {
        continue;
      }
      if (!a.startsWith("--")) {
        String shorthand = a.substring(1, 2);
        if (!shorthand.equals("h")) {
          throw new UsageException("unknown shorthand flag: '" + shorthand + "' in " + a);
        }
        b.help = true;
        continue;
      }
      String name = a.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (name.equals("help") || name.equals("insecure-discovery")) {
        boolean v = value == null || parseBool(name, value);
        if (name.equals("help")) {
          b.help = v;
        } else {
          b.insecureDiscovery = v;
        }
        continue;
      }
      if (!b.knows(name)) {
        throw new UsageException("unknown flag: --" + name);
      }
      if (value == null) {
        if (i + 1 >= args.size()) {
          throw new UsageException("flag needs an argument: --" + name);
        }
        value = args.get(++i);
      }
      b.set(name, value);
    }
    return b.build();
  }

  private static boolean parseBool(String name, String v) throws UsageException {
    return switch (v) {
      case "1", "t", "T", "true", "TRUE", "True" -> true;
      case "0", "f", "F", "false", "FALSE", "False" -> false;
      default -> throw new UsageException("invalid argument \"" + v + "\" for \"--" + name
          + "\" flag: strconv.ParseBool: parsing \"" + v + "\": invalid syntax");
    };
  }

  private static final class Builder {
    GatewayFlags d = defaults();
    String listenAddr = d.listenAddr();
    List<String> endpoints = null;
    String discoverySrv = "";
    String discoverySrvName = "";
    boolean insecureDiscovery;
    String trustedCaFile = "";
    Duration retryDelay = d.retryDelay();
    boolean help;

    boolean knows(String name) {
      return List.of("listen-addr", "endpoints", "discovery-srv", "discovery-srv-name", "trusted-ca-file",
          "retry-delay").contains(name);
    }

    void set(String name, String value) throws UsageException {
      switch (name) {
        case "listen-addr" -> listenAddr = value;
        case "discovery-srv" -> discoverySrv = value;
        case "discovery-srv-name" -> discoverySrvName = value;
        case "trusted-ca-file" -> trustedCaFile = value;
        case "endpoints" -> {
          // pflag's StringSlice: the first use replaces the default, later ones append
          if (endpoints == null) {
            endpoints = new ArrayList<>();
          }
          if (!value.isEmpty()) {
            for (String e : value.split(",", -1)) {
              endpoints.add(e);
            }
          }
        }
        case "retry-delay" -> {
          try {
            retryDelay = GoDuration.parse(value);
          } catch (IllegalArgumentException e) {
            throw new UsageException("invalid argument \"" + value + "\" for \"--retry-delay\" flag: " + e.getMessage());
          }
        }
        default -> throw new UsageException("unknown flag: --" + name);
      }
    }

    GatewayFlags build() {
      return new GatewayFlags(listenAddr, endpoints == null ? d.endpoints() : List.copyOf(endpoints),
          discoverySrv, discoverySrvName, insecureDiscovery, trustedCaFile, retryDelay, help);
    }
  }
}

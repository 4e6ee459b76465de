package dev.etcdj.server.grpcproxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses {@code etcd grpc-proxy ...} the way etcd's cobra/pflag command does: {@code --flag=value},
 * {@code --flag value}, booleans without a value, comma-separated lists; {@code --help} prints
 * cobra's text; a bad flag prints cobra's error and usage and exits 1.
 */
final class ProxyFlags {
  /** What to do: start with a configuration, or print and exit. */
  sealed interface Parsed permits Start, Exit {}

  record Start(ProxyConfig config) implements Parsed {}

  record Exit(int code, String stdout, String stderr) implements Parsed {}

  private enum Kind { STRING, BOOL, INT, UINT32, LIST }

  private static final Map<String, Kind> FLAGS = new HashMap<>();

  static {
    for (String f : List.of("listen-addr", "discovery-srv", "discovery-srv-name", "metrics-addr",
        "advertise-client-url", "resolver-prefix", "namespace", "data-dir", "cert", "key", "cacert", "cert-file",
        "key-file", "trusted-ca-file", "client-crl-file", "experimental-leasing-prefix")) {
      FLAGS.put(f, Kind.STRING);
    }
    for (String f : List.of("insecure-discovery", "enable-pprof", "insecure-skip-tls-verify", "auto-tls",
        "experimental-serializable-ordering", "debug")) {
      FLAGS.put(f, Kind.BOOL);
    }
    for (String f : List.of("resolver-ttl", "max-send-bytes", "max-recv-bytes")) {
      FLAGS.put(f, Kind.INT);
    }
    FLAGS.put("max-concurrent-streams", Kind.UINT32);
    FLAGS.put("endpoints", Kind.LIST);
    FLAGS.put("listen-cipher-suites", Kind.LIST);
  }

  private static final Set<String> BOOL_WORDS = Set.of("1", "t", "T", "TRUE", "true", "True", "0", "f", "F",
      "FALSE", "false", "False");

  private ProxyFlags() {}

  /** {@code args} are the arguments after {@code grpc-proxy}. */
  static Parsed parse(String[] args) {
    if (args.length == 0 || !args[0].equals("start")) {
      // cobra prints the group's help for no or an unknown subcommand
      return new Exit(0, resource("grpc-proxy-help.txt"), "");
    }
    Map<String, String> values = new HashMap<>();
    try {
      String[] rest = Arrays.copyOfRange(args, 1, args.length);
      for (int i = 0; i < rest.length; i++) {
        String a = rest[i];
        if (a.equals("--")) {
          break;
        }
        if (a.equals("-h") || a.equals("--help")) {
          return new Exit(0, resource("start-help.txt"), "");
        }
        if (!a.startsWith("-") || a.equals("-")) {
          continue; // positional arguments are ignored by the start command
        }
        if (!a.startsWith("--")) {
          throw new IllegalArgumentException("unknown shorthand flag: '" + a.charAt(1) + "' in " + a);
        }
        String body = a.substring(2);
        int eq = body.indexOf('=');
        String name = eq < 0 ? body : body.substring(0, eq);
        Kind kind = FLAGS.get(name);
        if (kind == null) {
          throw new IllegalArgumentException("unknown flag: --" + name);
        }
        String value;
        if (eq >= 0) {
          value = body.substring(eq + 1);
        } else if (kind == Kind.BOOL) {
          value = "true";
        } else if (i + 1 < rest.length) {
          value = rest[++i];
        } else {
          throw new IllegalArgumentException("flag needs an argument: --" + name);
        }
        check(name, kind, value);
        if (kind == Kind.LIST && values.containsKey(name)) {
          value = values.get(name) + "," + value;
        }
        values.put(name, value);
      }
    } catch (IllegalArgumentException e) {
      String usage = resource("start-help.txt");
      usage = usage.substring(usage.indexOf("Usage:"));
      return new Exit(1, "", "Error: " + e.getMessage() + "\n" + usage + "\n" + e.getMessage());
    }
    return new Start(config(values));
  }

  private static void check(String name, Kind kind, String value) {
    String bad = "invalid argument \"" + value + "\" for \"--" + name + "\" flag: ";
    switch (kind) {
      case BOOL -> {
        if (!BOOL_WORDS.contains(value)) {
          throw new IllegalArgumentException(bad + "strconv.ParseBool: parsing \"" + value + "\": invalid syntax");
        }
      }
      case INT, UINT32 -> {
        try {
          long v = Long.parseLong(value);
          if (kind == Kind.INT ? v != (int) v : v < 0 || v > 0xFFFFFFFFL) {
            throw new NumberFormatException();
          }
        } catch (NumberFormatException e) {
          String fn = kind == Kind.INT ? "ParseInt" : "ParseUint";
          throw new IllegalArgumentException(bad + "strconv." + fn + ": parsing \"" + value + "\": invalid syntax");
        }
      }
      default -> { }
    }
  }

  private static ProxyConfig config(Map<String, String> v) {
    return new ProxyConfig(
        v.getOrDefault("listen-addr", "127.0.0.1:23790"),
        list(v.getOrDefault("endpoints", "127.0.0.1:2379")),
        v.getOrDefault("metrics-addr", ""),
        v.getOrDefault("advertise-client-url", "127.0.0.1:23790"),
        v.getOrDefault("resolver-prefix", ""),
        Integer.parseInt(v.getOrDefault("resolver-ttl", "0")),
        v.getOrDefault("namespace", ""),
        bool(v.get("enable-pprof")),
        v.getOrDefault("data-dir", "default.proxy"),
        Integer.parseInt(v.getOrDefault("max-send-bytes", "1572864")),
        Integer.parseInt(v.getOrDefault("max-recv-bytes", Integer.toString(Integer.MAX_VALUE))),
        v.getOrDefault("cert", ""),
        v.getOrDefault("key", ""),
        v.getOrDefault("cacert", ""),
        bool(v.get("insecure-skip-tls-verify")),
        v.getOrDefault("cert-file", ""),
        v.getOrDefault("key-file", ""),
        v.getOrDefault("trusted-ca-file", ""),
        list(v.getOrDefault("listen-cipher-suites", "")),
        bool(v.get("auto-tls")),
        v.getOrDefault("client-crl-file", ""),
        v.getOrDefault("discovery-srv", ""),
        v.getOrDefault("experimental-leasing-prefix", ""),
        bool(v.get("experimental-serializable-ordering")),
        bool(v.get("debug")),
        Long.parseLong(v.getOrDefault("max-concurrent-streams", "4294967295")));
  }

  private static boolean bool(String s) {
    return s != null && Set.of("1", "t", "T", "TRUE", "true", "True").contains(s);
  }

  private static List<String> list(String s) {
    List<String> out = new ArrayList<>();
    for (String p : s.split(",")) {
      if (!p.isEmpty()) {
        out.add(p);
      }
    }
    return out;
  }

  private static String resource(String name) {
    try (InputStream in = ProxyFlags.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

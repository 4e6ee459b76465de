package dev.etcdj.cli.etcdctl;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** etcdctl's global (persistent) flags after command line and ETCDCTL_* environment resolution. */
final class Globals {
    List<String> endpoints = new ArrayList<>(List.of("127.0.0.1:2379"));
    boolean debug;
    String writeOut = "simple";
    boolean hex;
    long dialTimeoutNanos = 2_000_000_000L;
    long commandTimeoutNanos = 5_000_000_000L;
    long keepAliveTimeNanos = 2_000_000_000L;
    long keepAliveTimeoutNanos = 6_000_000_000L;
    boolean insecureTransport = true;
    boolean insecureDiscovery = true;
    boolean insecureSkipVerify;
    String cert = "";
    String key = "";
    String cacert = "";
    String user;
    String password = "";
    String discoverySrv = "";
    String discoverySrvName = "";
    /** Names of the global flags set on the command line or from the environment. */
    final Set<String> changed = new HashSet<>();

    boolean tlsConfigured() {
        return !cert.isEmpty() || !key.isEmpty() || !cacert.isEmpty();
    }

    /** Global flag names, as on the command line (without dashes), with their types. */
    static final String[][] FLAGS = {
        {"endpoints", "slice", "gRPC endpoints"},
        {"debug", "bool", "enable client-side debug logging"},
        {"write-out", "string", "set the output format (fields, json, protobuf, simple, table)"},
        {"hex", "bool", "print byte strings as hex encoded strings"},
        {"dial-timeout", "duration", "dial timeout for client connections"},
        {"command-timeout", "duration", "timeout for short running command (excluding dial timeout)"},
        {"keepalive-time", "duration", "keepalive time for client connections"},
        {"keepalive-timeout", "duration", "keepalive timeout for client connections"},
        {"insecure-transport", "bool", "disable transport security for client connections"},
        {"insecure-discovery", "bool", "accept insecure SRV records describing cluster endpoints"},
        {"insecure-skip-tls-verify", "bool", "skip server certificate verification (CAUTION: this option should be enabled only for testing purposes)"},
        {"cert", "string", "identify secure client using this TLS certificate file"},
        {"key", "string", "identify secure client using this TLS key file"},
        {"cacert", "string", "verify certificates of TLS-enabled secure servers using this CA bundle"},
        {"user", "string", "username[:password] for authentication (prompt if password is not supplied)"},
        {"password", "string", "password for authentication (if this option is used, --user option shouldn't include password)"},
        {"discovery-srv", "string", "domain name to query for SRV records describing cluster endpoints"},
        {"discovery-srv-name", "string", "service name to query when using DNS discovery"},
    };

    /** Applies one flag value; throws IllegalArgumentException with pflag's message on bad values. */
    void set(String name, String value) {
        changed.add(name);
        switch (name) {
            case "endpoints" -> {
                List<String> eps = new ArrayList<>();
                for (String s : value.split(",", -1)) {
                    eps.add(s.trim());
                }
                endpoints = eps;
            }
            case "debug" -> debug = parseBool(name, value);
            case "write-out" -> writeOut = value;
            case "hex" -> hex = parseBool(name, value);
            case "dial-timeout" -> dialTimeoutNanos = parseDur(name, value);
            case "command-timeout" -> commandTimeoutNanos = parseDur(name, value);
            case "keepalive-time" -> keepAliveTimeNanos = parseDur(name, value);
            case "keepalive-timeout" -> keepAliveTimeoutNanos = parseDur(name, value);
            case "insecure-transport" -> insecureTransport = parseBool(name, value);
            case "insecure-discovery" -> insecureDiscovery = parseBool(name, value);
            case "insecure-skip-tls-verify" -> insecureSkipVerify = parseBool(name, value);
            case "cert" -> cert = value;
            case "key" -> key = value;
            case "cacert" -> cacert = value;
            case "user" -> user = value;
            case "password" -> password = value;
            case "discovery-srv" -> discoverySrv = value;
            case "discovery-srv-name" -> discoverySrvName = value;
            default -> throw new IllegalArgumentException("unknown flag: --" + name);
        }
    }

    static boolean parseBool(String name, String v) {
        return switch (v) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw new IllegalArgumentException("invalid argument " + GoFmt.quote(v) + " for \"--" + name
                    + "\" flag: strconv.ParseBool: parsing " + GoFmt.quote(v) + ": invalid syntax");
        };
    }

    static long parseDur(String name, String v) {
        try {
            return GoFmt.parseDuration(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid argument " + GoFmt.quote(v) + " for \"--" + name + "\" flag: "
                    + e.getMessage());
        }
    }
}

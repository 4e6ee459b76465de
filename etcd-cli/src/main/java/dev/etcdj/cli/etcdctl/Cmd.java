package dev.etcdj.cli.etcdctl;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

/** One parsed invocation: flags, arguments, streams and the (lazily created) client. */
final class Cmd implements AutoCloseable {
    final EtcdctlMain.Def def;
    final Globals g;
    final Map<String, String> flags;
    final List<String> args;
    final String[] rawArgs;
    final InputStream in;
    final Out out;
    final Out err;
    final Map<String, String> env;
    private Client client;
    private Printer printer;

    Cmd(EtcdctlMain.Def def, Globals g, Map<String, String> flags, List<String> args, String[] rawArgs, InputStream in,
            Out out, Out err, Map<String, String> env) {
        this.def = def;
        this.g = g;
        this.flags = flags;
        this.args = args;
        this.rawArgs = rawArgs;
        this.in = in;
        this.out = out;
        this.err = err;
        this.env = env;
    }

    boolean bool(String name) {
        return Boolean.parseBoolean(flags.get(name));
    }

    String str(String name) {
        return flags.get(name);
    }

    long int64(String name) {
        String v = flags.get(name);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new EtcdctlException(Exit.ERROR, "invalid argument " + GoFmt.quote(v) + " for \"--" + name
                    + "\" flag: strconv.ParseInt: parsing " + GoFmt.quote(v) + ": "
                    + (v.matches("[-+]?[0-9]+") ? "value out of range" : "invalid syntax"));
        }
    }

    /** The output printer (validates --write-out like etcdctl does when it builds its client config). */
    Printer printer() {
        if (printer == null) {
            if (!Printer.validFormat(g.writeOut)) {
                throw new EtcdctlException(Exit.BAD_FEATURE, "unsupported output format");
            }
            printer = new Printer(g.writeOut, g.hex, out, err);
        }
        return printer;
    }

    /** The client, after the checks etcdctl makes on its configuration. */
    /** Closes the client, if one was made, before the JVM is halted (see {@link Client#closeBeforeHalt}). */
    void closeClientBeforeHalt() {
        if (client != null) {
            client.closeBeforeHalt();
        }
    }

    Client client() {
        if (client == null) {
            if (g.debug) {
                debugDump();
            }
            printer();
            if (g.changed.contains("cert") && g.cert.isEmpty()) {
                throw new EtcdctlException(Exit.BAD_ARGS, "empty string is passed to --cert option");
            }
            if (g.changed.contains("key") && g.key.isEmpty()) {
                throw new EtcdctlException(Exit.BAD_ARGS, "empty string is passed to --key option");
            }
            if (g.changed.contains("cacert") && g.cacert.isEmpty()) {
                throw new EtcdctlException(Exit.BAD_ARGS, "empty string is passed to --cacert option");
            }
            if (g.user != null && g.user.isEmpty()) {
                g.user = null;
            }
            if (g.user != null && g.password.isEmpty()) {
                int colon = g.user.indexOf(':');
                if (colon < 0) {
                    g.password = readPassword();
                } else {
                    g.password = g.user.substring(colon + 1);
                    g.user = g.user.substring(0, colon);
                }
            }
            client = new Client(g, err);
        }
        return client;
    }

    /** etcdctl --debug prints the global flags as ETCDCTL_* variables. */
    private void debugDump() {
        java.util.TreeMap<String, String> vals = new java.util.TreeMap<>();
        vals.put("cacert", g.cacert);
        vals.put("cert", g.cert);
        vals.put("command-timeout", GoFmt.duration(g.commandTimeoutNanos));
        vals.put("debug", Boolean.toString(g.debug));
        vals.put("dial-timeout", GoFmt.duration(g.dialTimeoutNanos));
        vals.put("discovery-srv", g.discoverySrv);
        vals.put("discovery-srv-name", g.discoverySrvName);
        vals.put("endpoints", "[" + String.join(",", g.endpoints) + "]");
        vals.put("hex", Boolean.toString(g.hex));
        vals.put("insecure-discovery", Boolean.toString(g.insecureDiscovery));
        vals.put("insecure-skip-tls-verify", Boolean.toString(g.insecureSkipVerify));
        vals.put("insecure-transport", Boolean.toString(g.insecureTransport));
        vals.put("keepalive-time", GoFmt.duration(g.keepAliveTimeNanos));
        vals.put("keepalive-timeout", GoFmt.duration(g.keepAliveTimeoutNanos));
        vals.put("key", g.key);
        vals.put("password", g.password);
        vals.put("user", g.user == null ? "" : g.user);
        vals.put("write-out", g.writeOut);
        for (var e : vals.entrySet()) {
            err.println("ETCDCTL_" + e.getKey().toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "=" + e.getValue());
        }
    }

    private String readPassword() {
        java.io.Console console = System.console();
        if (console != null) {
            char[] pw = console.readPassword("Password: ");
            return pw == null ? "" : new String(pw);
        }
        err.print("Password: ");
        try {
            StringBuilder sb = new StringBuilder();
            int ch;
            while ((ch = in.read()) >= 0 && ch != '\n') {
                sb.append((char) ch);
            }
            return sb.toString();
        } catch (java.io.IOException e) {
            throw new EtcdctlException(Exit.ERROR, e.getMessage());
        }
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}

package dev.etcdj.cli.etcdctl;


import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * etcdctl (v3 API) compatible command line client. {@link FlagParser} reads the command line as cobra and
 * pflag do; output and exit codes follow etcdctl 3.4.
 */
public final class EtcdctlMain {
    private EtcdctlMain() {}

    public static void main(String[] args) {
        if (!"2".equals(System.getenv("ETCDCTL_API"))) {
            EarlySignals.install(args);
        }
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16), false);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
        int rc = run(args, System.in, out, err, System.getenv());
        out.flush();
        err.flush();
        System.exit(rc);
    }

    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        return run(args, in, out, err, System.getenv());
    }

    /** A flag of a command: name, one-letter shorthand or null, type (bool, string, int64, int), default. */
    record Flag(String name, String shorthand, String type, String def) {}

    /** A command: its path ("lease grant"), whether it runs (a group only prints its help), its flags. */
    record Def(String path, boolean leaf, Flag... flags) {}

    static Flag bool(String name) {
        return new Flag(name, null, "bool", "false");
    }

    static Flag str(String name, String def) {
        return new Flag(name, null, "string", def);
    }

    static Flag i64(String name) {
        return new Flag(name, null, "int64", "0");
    }

    static final Def[] DEFS = {
        new Def("get", true, str("consistency", "l"), str("order", ""), str("sort-by", ""), i64("limit"),
                bool("prefix"), bool("from-key"), i64("rev"), bool("keys-only"), bool("count-only"),
                bool("print-value-only")),
        new Def("put", true, str("lease", "0"), bool("prev-kv"), bool("ignore-value"), bool("ignore-lease")),
        new Def("del", true, bool("prefix"), bool("prev-kv"), bool("from-key")),
        new Def("txn", true, new Flag("interactive", "i", "bool", "false")),
        new Def("compaction", true, bool("physical")),
        new Def("alarm", false),
        new Def("alarm disarm", true),
        new Def("alarm list", true),
        new Def("defrag", true, bool("cluster"), str("data-dir", "")),
        new Def("endpoint", false, bool("cluster")),
        new Def("endpoint health", true, bool("cluster")),
        new Def("endpoint status", true, bool("cluster")),
        new Def("endpoint hashkv", true, bool("cluster"), i64("rev")),
        new Def("move-leader", true),
        new Def("watch", true, new Flag("interactive", "i", "bool", "false"), bool("prefix"), i64("rev"),
                bool("prev-kv")),
        new Def("version", true),
        new Def("lease", false),
        new Def("lease grant", true),
        new Def("lease revoke", true),
        new Def("lease timetolive", true, bool("keys")),
        new Def("lease list", true),
        new Def("lease keep-alive", true, bool("once")),
        new Def("member", false),
        new Def("member add", true, str("peer-urls", ""), bool("learner")),
        new Def("member remove", true),
        new Def("member update", true, str("peer-urls", "")),
        new Def("member list", true),
        new Def("member promote", true),
        new Def("snapshot", false),
        new Def("snapshot save", true),
        new Def("snapshot restore", true, str("data-dir", ""), str("wal-dir", ""),
                str("initial-cluster", "default=http://localhost:2380"), str("initial-cluster-token", "etcd-cluster"),
                str("initial-advertise-peer-urls", "http://localhost:2380"), str("name", "default"),
                bool("skip-hash-check")),
        new Def("snapshot status", true),
        new Def("lock", true, new Flag("ttl", null, "int", "10")),
        new Def("elect", true, new Flag("listen", "l", "bool", "false")),
        new Def("auth", false),
        new Def("auth enable", true),
        new Def("auth disable", true),
        new Def("user", false),
        new Def("user add", true, new Flag("interactive", null, "bool", "true"),
                str("new-user-password", ""), bool("no-password")),
        new Def("user delete", true),
        new Def("user get", true, bool("detail")),
        new Def("user list", true),
        new Def("user passwd", true, new Flag("interactive", null, "bool", "true")),
        new Def("user grant-role", true),
        new Def("user revoke-role", true),
        new Def("role", false),
        new Def("role add", true),
        new Def("role delete", true),
        new Def("role get", true),
        new Def("role list", true),
        new Def("role grant-permission", true, bool("prefix"), bool("from-key")),
        new Def("role revoke-permission", true, bool("prefix"), bool("from-key")),
        new Def("make-mirror", true, str("prefix", ""), str("dest-prefix", ""), bool("no-dest-prefix"),
                str("dest-cert", ""), str("dest-key", ""), str("dest-cacert", ""),
                new Flag("dest-insecure-transport", null, "bool", "true")),
        new Def("migrate", true, bool("no-ttl"), str("data-dir", ""), str("wal-dir", ""),
                str("transformer", "")),
        new Def("check", false),
        new Def("check perf", true, str("load", "s"), str("prefix", "/etcdctl-check-perf/"),
                bool("auto-compact"), bool("auto-defrag")),
        new Def("check datascale", true, str("load", "s"),
                str("prefix", "/etcdctl-check-datascale/"), bool("auto-compact"), bool("auto-defrag")),
    };

    static final Map<String, String> GLOBAL_DEFAULTS = Map.ofEntries(
            Map.entry("endpoints", "[127.0.0.1:2379]"), Map.entry("debug", "false"), Map.entry("write-out", "simple"),
            Map.entry("hex", "false"), Map.entry("dial-timeout", "2s"), Map.entry("command-timeout", "5s"),
            Map.entry("keepalive-time", "2s"), Map.entry("keepalive-timeout", "6s"),
            Map.entry("insecure-transport", "true"), Map.entry("insecure-discovery", "true"),
            Map.entry("insecure-skip-tls-verify", "false"), Map.entry("cert", ""), Map.entry("key", ""),
            Map.entry("cacert", ""), Map.entry("user", ""), Map.entry("password", ""),
            Map.entry("discovery-srv", ""), Map.entry("discovery-srv-name", ""));

    /** A parse failure reported the cobra way. */
    static final class UsageError extends RuntimeException {
        final String path;

        UsageError(String path, String msg) {
            super(msg, null, false, false);
            this.path = path;
        }
    }

    static int run(String[] args, InputStream in, PrintStream outPs, PrintStream errPs, Map<String, String> env) {
        Out out = new Out(outPs);
        Out err = new Out(errPs);
        String api = env.getOrDefault("ETCDCTL_API", "");
        if (api.equals("2")) {
            return V2Main.run(args, in, out, err, env);
        }
        if (!api.isEmpty() && !api.equals("3")) {
            err.println("unsupported API version " + api);
            err.flush();
            return Exit.ERROR;
        }
        Cmd c = null;
        try {
            c = parse(args, in, out, err, env);
            if (c == null) {
                return 0;
            }
            if (!c.def.leaf()) {
                // a command group without a sub-command prints its help
                out.print(Help.text(c.def.path()));
                return 0;
            }
            Dispatch.run(c);
            out.flush();
            return 0;
        } catch (UsageError e) {
            out.print(Help.text(e.path));
            out.flush();
            err.println("Error: " + e.getMessage());
            err.println();
            err.println("Error: " + e.getMessage());
            return Exit.ERROR;
        } catch (EtcdctlException e) {
            out.flush();
            if (e.getMessage() != null) {
                err.println("Error: " + e.getMessage());
            }
            err.flush();
            return e.code;
        } catch (io.grpc.StatusRuntimeException e) {
            out.flush();
            err.println("Error: " + Client.errorText(e));
            return Exit.ERROR;
        } catch (IOException e) {
            out.flush();
            err.println("Error: " + e.getMessage());
            return Exit.IO;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Exit.INTERRUPTED;
        } catch (Exception e) {
            out.flush();
            err.println("Error: " + e);
            return Exit.ERROR;
        } finally {
            out.flush();
            err.flush();
            if (c != null) {
                c.close();
            }
        }
    }

    // ------------------------------------------------------------------------------------------ parsing

    static Cmd parse(String[] args, InputStream in, Out out, Out err, Map<String, String> env) {
        FlagParser.Parsed p;
        try {
            p = FlagParser.parse(List.of(args));
        } catch (FlagParser.UnknownCommand e) {
            if (e.word.equals("help")) {
                out.print(Help.text(""));
                return null;
            }
            err.println("Error: unknown command " + GoFmt.quote(e.word) + " for \"etcdctl\"");
            err.println("Run 'etcdctl --help' for usage.");
            throw new EtcdctlException(Exit.ERROR, "unknown command " + GoFmt.quote(e.word) + " for \"etcdctl\"");
        }
        String path = p.path();
        Def def = p.def();
        if (p.topIndex() >= 0) {
            // the command word in full, as the commands that read the raw arguments expect
            args = args.clone();
            args[p.topIndex()] = path.split(" ")[0];
        }
        Globals g = new Globals();
        Map<String, String> local = new HashMap<>(p.locals());
        List<String> positional = p.positional();
        for (Map.Entry<String, String> gv : p.globals().entrySet()) {
            try {
                g.set(gv.getKey(), gv.getValue());
            } catch (IllegalArgumentException ex) {
                throw new UsageError(path, ex.getMessage());
            }
        }
        java.util.Set<String> cliGlobals = p.globals().keySet();
        if (p.help() || def == null) {
            out.print(Help.text(path));
            return null;
        }
        // ETCDCTL_* environment variables for global flags not given on the command line
        for (String[] f : Globals.FLAGS) {
            String envName = "ETCDCTL_" + f[0].toUpperCase(Locale.ROOT).replace('-', '_');
            String ev = env.get(envName);
            if (ev != null && !ev.isEmpty() && cliGlobals.contains(f[0])) {
                err.println(java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern(
                        "yyyy-MM-dd HH:mm:ss.SSSSSS")) + " C | pkg/flags: conflicting environment variable "
                        + GoFmt.quote(envName) + " is shadowed by corresponding command-line flag (either unset"
                        + " environment variable or disable flag)");
                throw EtcdctlException.silent(Exit.ERROR);
            }
            if (ev != null && !ev.isEmpty()) {
                try {
                    g.set(f[0], ev);
                } catch (IllegalArgumentException ex) {
                    throw new EtcdctlException(Exit.ERROR, ex.getMessage().replace("invalid argument", "invalid value")
                            .replaceFirst(" for \"--[a-z-]+\" flag", " for ETCDCTL_" + f[0].toUpperCase(Locale.ROOT)
                                    .replace('-', '_')));
                }
            }
        }
        for (Flag f : def.flags()) {
            local.putIfAbsent(f.name(), f.def());
            if (f.type().equals("int64") || f.type().equals("int")) {
                String v = local.get(f.name());
                try {
                    if (f.type().equals("int")) {
                        Integer.parseInt(v);
                    } else {
                        Long.parseLong(v);
                    }
                } catch (NumberFormatException e) {
                    throw new UsageError(path, "invalid argument " + GoFmt.quote(v) + " for \"--" + f.name()
                            + "\" flag: strconv.ParseInt: parsing " + GoFmt.quote(v) + ": "
                            + (v.matches("[-+]?[0-9]+") ? "value out of range" : "invalid syntax"));
                }
            }
        }
        SrvEndpoints.apply(g, err);
        return new Cmd(def, g, local, positional, args, in, out, err, env);
    }

    static Def find(String path) {
        for (Def d : DEFS) {
            if (d.path().equals(path)) {
                return d;
            }
        }
        return null;
    }

    /** Help texts, identical to etcdctl 3.4's. */
    static final class Help {
        private static Map<String, String> texts;

        static synchronized String text(String path) {
            if (texts == null) {
                texts = new HashMap<>();
                try (InputStream is = EtcdctlMain.class.getResourceAsStream("help.txt")) {
                    String all = is == null ? "" : new String(is.readAllBytes(), StandardCharsets.UTF_8);
                    for (String part : all.split("\u001e")) {
                        if (part.isEmpty()) {
                            continue;
                        }
                        int nl = part.indexOf('\n');
                        texts.put(part.substring(0, nl), part.substring(nl + 1));
                    }
                } catch (IOException e) {
                    // no help available
                }
            }
            String t = texts.get(path);
            return t != null ? t : texts.getOrDefault("", "");
        }
    }
}

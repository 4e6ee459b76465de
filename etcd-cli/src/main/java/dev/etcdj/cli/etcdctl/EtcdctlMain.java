package dev.etcdj.cli.etcdctl;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

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
 * etcdctl (v3 API) compatible command line client. Flags are parsed with picocli's programmatic model
 * (no annotation scanning, to keep start-up short); output and exit codes follow etcdctl 3.4.
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

    private static void addOption(CommandSpec spec, String name, String shorthand, String type) {
        OptionSpec.Builder b = shorthand == null
                ? OptionSpec.builder("--" + name)
                : OptionSpec.builder("-" + shorthand, "--" + name);
        if (type.equals("bool")) {
            b.type(boolean.class).arity("0..1");
        } else {
            b.type(String.class).arity("1");
        }
        spec.addOption(b.build());
    }

    private static CommandSpec newSpec(String name, boolean positionals, Flag[] flags) {
        CommandSpec spec = CommandSpec.create().name(name);
        for (String[] g : Globals.FLAGS) {
            String sh = g[0].equals("write-out") ? "w" : g[0].equals("discovery-srv") ? "d" : null;
            addOption(spec, g[0], sh, g[1]);
        }
        addOption(spec, "help", "h", "bool");
        for (Flag f : flags) {
            addOption(spec, f.name(), f.shorthand(), f.type());
        }
        if (positionals) {
            spec.addPositional(PositionalParamSpec.builder().arity("0..*").type(String[].class).build());
        }
        return spec;
    }

    /** Finds the definition of a (possibly abbreviated, cobra prefix-matched) top-level command. */
    private static String resolveTop(String word) {
        List<String> matches = new ArrayList<>();
        for (Def d : DEFS) {
            if (d.path().indexOf(' ') < 0) {
                if (d.path().equals(word)) {
                    return word;
                }
                if (d.path().startsWith(word)) {
                    matches.add(d.path());
                }
            }
        }
        return matches.size() == 1 ? matches.get(0) : null;
    }

    private static boolean takesValue(String arg) {
        // global flags that take a separate value argument (used to find the command word)
        String n = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
        if (n.contains("=")) {
            return false;
        }
        if (n.equals("w") || n.equals("d")) {
            return true;
        }
        for (String[] g : Globals.FLAGS) {
            if (g[0].equals(n)) {
                return !g[1].equals("bool");
            }
        }
        return false;
    }

    /** Whether the argument is a flag (without "=value") that consumes the next argument. */
    private static boolean valueFlag(String arg) {
        if (!arg.startsWith("-") || arg.contains("=")) {
            return false;
        }
        if (takesValue(arg)) {
            return true;
        }
        String n = arg.replaceFirst("^--?", "");
        for (Def d : DEFS) {
            for (Flag f : d.flags()) {
                if ((f.name().equals(n) || n.equals(f.shorthand())) && !f.type().equals("bool")) {
                    return true;
                }
            }
        }
        return false;
    }

    static Cmd parse(String[] args, InputStream in, Out out, Out err, Map<String, String> env) {
        // Locate the command word so that only the needed part of the command tree is built.
        String top = null;
        int topIdx = -1;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                break;
            }
            if (a.startsWith("-") && a.length() > 1) {
                if (takesValue(a)) {
                    i++;
                }
                continue;
            }
            top = a;
            topIdx = i;
            break;
        }
        CommandSpec root = newSpec("etcdctl", false, new Flag[0]);
        String resolved = null;
        if (top != null) {
            resolved = resolveTop(top);
            if (resolved == null) {
                if (top.equals("help")) {
                    out.print(Help.text(""));
                    return null;
                }
                err.println("Error: unknown command " + GoFmt.quote(top) + " for \"etcdctl\"");
                err.println("Run 'etcdctl --help' for usage.");
                throw new EtcdctlException(Exit.ERROR, "unknown command " + GoFmt.quote(top) + " for \"etcdctl\"");
            }
            String[] copy = args.clone();
            copy[topIdx] = resolved;
            args = copy;
            Map<String, CommandSpec> specs = new LinkedHashMap<>();
            for (Def d : DEFS) {
                if (!d.path().equals(resolved) && !d.path().startsWith(resolved + " ")) {
                    continue;
                }
                String[] parts = d.path().split(" ");
                CommandSpec spec = newSpec(parts[parts.length - 1], d.leaf(), d.flags());
                specs.put(d.path(), spec);
                if (parts.length == 1) {
                    root.addSubcommand(parts[0], spec);
                } else {
                    specs.get(parts[0]).addSubcommand(parts[1], spec);
                }
            }
        }
        CommandLine cl = new CommandLine(root);
        cl.setOverwrittenOptionsAllowed(true);
        cl.setAbbreviatedSubcommandsAllowed(true);
        cl.setUnmatchedOptionsArePositionalParams(false);
        cl.setTrimQuotes(false);
        cl.setSplitQuotedStrings(false);
        cl.setToggleBooleanFlags(false);
        ParseResult pr;
        try {
            pr = cl.parseArgs(args);
        } catch (CommandLine.UnmatchedArgumentException e) {
            String path = pathOf(e.getCommandLine());
            List<String> un = e.getUnmatched();
            String a = un.isEmpty() ? "" : un.get(0);
            if (a.startsWith("--")) {
                int eq = a.indexOf('=');
                throw new UsageError(path, "unknown flag: " + (eq > 0 ? a.substring(0, eq) : a));
            } else if (a.startsWith("-") && a.length() > 1) {
                throw new UsageError(path, "unknown shorthand flag: '" + a.charAt(1) + "' in " + a);
            }
            String forCmd = path.isEmpty() ? "etcdctl" : "etcdctl " + path;
            throw new EtcdctlException(Exit.ERROR, "unknown command " + GoFmt.quote(a) + " for " + GoFmt.quote(forCmd));
        } catch (CommandLine.MissingParameterException e) {
            String path = pathOf(e.getCommandLine());
            String name = "";
            if (e.getMissing() != null && !e.getMissing().isEmpty() && e.getMissing().get(0) instanceof OptionSpec o) {
                name = o.longestName();
            }
            throw new UsageError(path, "flag needs an argument: " + name);
        } catch (CommandLine.ParameterException e) {
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("Invalid value for option '--?([^']+)': '(.*)' is not a boolean").matcher(e.getMessage());
            if (m.find()) {
                String flag = m.group(1);
                for (String[] gf : Globals.FLAGS) {
                    if (flag.equals(gf[0].substring(0, 1)) && (flag.equals("w") || flag.equals("d"))) {
                        flag = gf[0];
                    }
                }
                throw new UsageError(guessPath(args, resolved), "invalid argument " + GoFmt.quote(m.group(2))
                        + " for \"--" + flag + "\" flag: strconv.ParseBool: parsing " + GoFmt.quote(m.group(2))
                        + ": invalid syntax");
            }
            throw new UsageError(pathOf(e.getCommandLine()), e.getMessage());
        }

        // walk root -> leaf, collecting flag values (deeper levels override)
        Globals g = new Globals();
        Map<String, String> local = new HashMap<>();
        List<String> positional = new ArrayList<>();
        StringBuilder path = new StringBuilder();
        boolean help = false;
        Def def = null;
        List<String[]> globalsSeen = new ArrayList<>();
        ParseResult cur = pr;
        while (cur != null) {
            if (cur != pr) {
                if (path.length() > 0) {
                    path.append(' ');
                }
                path.append(cur.commandSpec().name());
                def = find(path.toString());
            }
            for (OptionSpec o : cur.matchedOptions()) {
                String name = o.longestName().substring(2);
                Object v = o.getValue();
                String sv = String.valueOf(v);
                if (name.equals("help")) {
                    help = help || Boolean.TRUE.equals(v);
                    continue;
                }
                if (isGlobal(name)) {
                    globalsSeen.add(new String[] {name, sv});
                } else {
                    local.put(name, sv);
                }
            }
            if (!cur.matchedPositionals().isEmpty()) {
                String[] pv = cur.matchedPositionals().get(0).getValue();
                if (pv != null) {
                    positional.addAll(List.of(pv));
                }
            }
            cur = cur.subcommand();
        }
        java.util.Set<String> cliGlobals = new java.util.HashSet<>();
        for (String[] gv : globalsSeen) {
            cliGlobals.add(gv[0]);
            try {
                g.set(gv[0], gv[1]);
            } catch (IllegalArgumentException ex) {
                throw new UsageError(path.toString(), ex.getMessage());
            }
        }
        // pflag treats "-5" as an (unknown) shorthand flag where picocli sees a negative number
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                break;
            }
            if (a.length() > 1 && a.charAt(0) == '-' && Character.isDigit(a.charAt(1))
                    && !(i > 0 && valueFlag(args[i - 1]))) {
                throw new UsageError(path.toString(), "unknown shorthand flag: '" + a.charAt(1) + "' in " + a);
            }
        }
        if (help || def == null) {
            out.print(Help.text(path.toString()));
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
                    throw new UsageError(path.toString(), "invalid argument " + GoFmt.quote(v) + " for \"--" + f.name()
                            + "\" flag: strconv.ParseInt: parsing " + GoFmt.quote(v) + ": "
                            + (v.matches("[-+]?[0-9]+") ? "value out of range" : "invalid syntax"));
                }
            }
        }
        SrvEndpoints.apply(g, err);
        return new Cmd(def, g, local, positional, args, in, out, err, env);
    }

    private static boolean isGlobal(String name) {
        for (String[] f : Globals.FLAGS) {
            if (f[0].equals(name)) {
                return true;
            }
        }
        return false;
    }

    static Def find(String path) {
        for (Def d : DEFS) {
            if (d.path().equals(path)) {
                return d;
            }
        }
        return null;
    }

    /** The command path cobra would report: the resolved command and, for a group, its sub-command. */
    private static String guessPath(String[] args, String top) {
        if (top == null) {
            return "";
        }
        boolean seenTop = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                break;
            }
            if (a.startsWith("-")) {
                if (valueFlag(a)) {
                    i++;
                }
                continue;
            }
            if (!seenTop) {
                seenTop = a.equals(top);
                continue;
            }
            String found = null;
            for (Def d : DEFS) {
                if (d.path().startsWith(top + " ") && d.path().substring(top.length() + 1).startsWith(a)) {
                    found = found == null ? d.path() : "";
                }
            }
            return found == null || found.isEmpty() ? top : found;
        }
        return top;
    }

    private static String pathOf(CommandLine cl) {
        List<String> parts = new ArrayList<>();
        CommandLine c = cl;
        while (c != null && c.getParent() != null) {
            parts.add(0, c.getCommandName());
            c = c.getParent();
        }
        return String.join(" ", parts);
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

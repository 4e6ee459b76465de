package dev.etcdj.cli.etcdutl;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * etcdutl (offline utilities): {@code snapshot status}, {@code snapshot restore}, {@code defrag},
 * {@code backup} and {@code version}.
 */
public final class EtcdutlMain {
    /** Reported version; kept in step with etcdctl's. */
    static final String VERSION = "3.4.23";
    static final String API_VERSION = "3.4";

    private EtcdutlMain() {}

    public static void main(String[] args) {
        int rc = run(args, System.in, System.out, System.err);
        System.out.flush();
        System.exit(rc);
    }

    static final String USAGE = String.join("\n",
            "NAME:",
            "\tetcdutl - An administrative command line tool for etcd3.",
            "",
            "USAGE:",
            "\tetcdutl [flags]",
            "",
            "COMMANDS:",
            "\tbackup\t[legacy] offline backup of etcd directory",
            "\tdefrag\tDefragments the storage of the etcd",
            "\thelp\tHelp about any command",
            "\tsnapshot\tManages etcd node snapshots",
            "\tversion\tPrints the version of etcdutl",
            "",
            "OPTIONS:",
            "  -h, --help[=false]\thelp for etcdutl",
            "  -w, --write-out=\"simple\"\tset the output format (fields, json, protobuf, simple, table)",
            "");

    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        List<String> words = new ArrayList<>();
        Map<String, String> flags = new HashMap<>(SnapshotCommands.RESTORE_DEFAULTS);
        flags.putAll(OfflineCommands.DEFAULTS);
        flags.put("write-out", "simple");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                out.print(USAGE);
                return 0;
            }
            if (!a.startsWith("-")) {
                words.add(a);
                continue;
            }
            String name = a.replaceFirst("^--?", "");
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (name.equals("w")) {
                name = "write-out";
            }
            if (!flags.containsKey(name)) {
                err.println("Error: unknown flag: " + a);
                return 1;
            }
            if (value == null) {
                if (name.equals("skip-hash-check") || name.equals("with-v3")) {
                    value = "true";
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    err.println("Error: flag needs an argument: " + a);
                    return 1;
                }
            }
            flags.put(name, value);
        }
        if (words.isEmpty() || words.get(0).equals("help")) {
            out.print(USAGE);
            return 0;
        }
        String cmd = words.get(0);
        if ("version".startsWith(cmd)) {
            out.println("etcdutl version: " + VERSION);
            out.println("API version: " + API_VERSION);
            return 0;
        }
        if (cmd.equals("snapshot") && words.size() > 1) {
            List<String> rest = words.subList(2, words.size());
            switch (words.get(1)) {
                case "status" -> {
                    return SnapshotCommands.status(rest, flags.get("write-out"), out, err);
                }
                case "restore" -> {
                    return SnapshotCommands.restore(rest, flags, err);
                }
                default -> { }
            }
        }
        if (cmd.equals("defrag")) {
            return OfflineCommands.defrag(flags, err);
        }
        if (cmd.equals("backup")) {
            return OfflineCommands.backup(flags, err);
        }
        if (cmd.equals("snapshot") || cmd.equals("migrate")) {
            err.println("Error: etcdutl " + String.join(" ", words) + " is not implemented");
            return 4;
        }
        err.println("Error: unknown command \"" + cmd + "\" for \"etcdutl\"");
        err.println("Run 'etcdutl --help' for usage.");
        return 1;
    }
}

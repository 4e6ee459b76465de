package dev.etcdj.cli.etcdutl;

import java.io.InputStream;
import java.io.PrintStream;

/**
 * etcdutl (offline utilities). Only {@code version} for now; {@code snapshot restore/status}, {@code defrag}
 * and {@code backup} will follow once the server's on-disk snapshot format is settled.
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
            "\thelp\tHelp about any command",
            "\tversion\tPrints the version of etcdutl",
            "",
            "OPTIONS:",
            "  -h, --help[=false]\thelp for etcdutl",
            "");

    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        String cmd = null;
        for (String a : args) {
            if (a.equals("-h") || a.equals("--help")) {
                out.print(USAGE);
                return 0;
            }
            if (!a.startsWith("-")) {
                cmd = a;
                break;
            }
        }
        if (cmd == null || cmd.equals("help")) {
            out.print(USAGE);
            return 0;
        }
        if ("version".startsWith(cmd)) {
            out.println("etcdutl version: " + VERSION);
            out.println("API version: " + API_VERSION);
            return 0;
        }
        if (cmd.equals("snapshot") || cmd.equals("defrag") || cmd.equals("backup") || cmd.equals("migrate")) {
            err.println("Error: etcdutl " + cmd + " is not implemented yet");
            return 4;
        }
        err.println("Error: unknown command \"" + cmd + "\" for \"etcdutl\"");
        err.println("Run 'etcdutl --help' for usage.");
        return 1;
    }
}

package dev.etcdj.cli.etcdctl;

import dev.etcdj.cli.etcdctl.V2Flags.Def;
import dev.etcdj.cli.etcdctl.V2Flags.Kind;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * etcdctl's v2 mode ({@code ETCDCTL_API=2}): the v2 commands over etcd's v2 HTTP API (keys, members, auth),
 * with ctlv2's flags, ETCDCTL_* variables, output formats and exit codes.
 */
final class V2Main {
    private V2Main() {}

    /** A v2 command: its path ("user add"), flags, and what it runs. */
    private record Command(String path, Action action, boolean keysErrors, Def... flags) {}

    private interface Action {
        void run(V2Session s) throws Exception;
    }

    private static final List<Def> GLOBALS = List.of(
            Def.of("debug", Kind.BOOL, "false"), Def.of("no-sync", Kind.BOOL, "false"),
            Def.of("output, o", Kind.STRING, "simple"), Def.of("discovery-srv, D", Kind.STRING, ""),
            Def.of("insecure-discovery", Kind.BOOL, "false"), Def.of("peers, C", Kind.STRING, ""),
            Def.of("endpoint", Kind.STRING, ""), Def.of("endpoints", Kind.STRING, ""),
            Def.of("cert-file", Kind.STRING, ""), Def.of("key-file", Kind.STRING, ""),
            Def.of("ca-file", Kind.STRING, ""), Def.of("username, u", Kind.STRING, ""),
            Def.of("timeout", Kind.DURATION, "2s"), Def.of("total-timeout", Kind.DURATION, "5s"),
            Def.of("help, h", Kind.BOOL, "false"), Def.of("version, v", Kind.BOOL, "false"));

    private static Def ttl() {
        return Def.of("ttl", Kind.INT, "0");
    }

    private static final List<Command> COMMANDS = List.of(
            new Command("mk", s -> new V2Keys(s).setValue(s.flags.bool("in-order") ? null : "false", s.flags.bool("in-order")), true,
                    Def.of("in-order", Kind.BOOL, "false"), ttl()),
            new Command("mkdir", s -> new V2Keys(s).setDir("false"), true, ttl()),
            new Command("rm", s -> new V2Keys(s).rm(false), true, Def.of("dir", Kind.BOOL, "false"),
                    Def.of("recursive, r", Kind.BOOL, "false"), Def.of("with-value", Kind.STRING, ""),
                    Def.of("with-index", Kind.INT, "0")),
            new Command("rmdir", s -> new V2Keys(s).rm(true), true),
            new Command("get", s -> new V2Keys(s).get(), true, Def.of("sort", Kind.BOOL, "false"),
                    Def.of("quorum, q", Kind.BOOL, "false")),
            new Command("ls", s -> new V2Keys(s).ls(), true, Def.of("sort", Kind.BOOL, "false"),
                    Def.of("recursive, r", Kind.BOOL, "false"), Def.of("p", Kind.BOOL, "false"),
                    Def.of("quorum, q", Kind.BOOL, "false")),
            new Command("set", s -> new V2Keys(s).setValue(null, false), true, ttl(),
                    Def.of("swap-with-value", Kind.STRING, ""), Def.of("swap-with-index", Kind.INT, "0")),
            new Command("setdir", s -> new V2Keys(s).setDir(null), true, ttl()),
            new Command("update", s -> new V2Keys(s).setValue("true", false), true, ttl()),
            new Command("updatedir", s -> new V2Keys(s).setDir("true"), true, ttl()),
            new Command("watch", s -> new V2Keys(s).watch(), true, Def.of("forever, f", Kind.BOOL, "false"),
                    Def.of("after-index", Kind.INT, "0"), Def.of("recursive, r", Kind.BOOL, "false")),
            new Command("cluster-health", s -> new V2Members(s).clusterHealth(), true,
                    Def.of("forever, f", Kind.BOOL, "false")),
            new Command("member list", s -> new V2Members(s).memberList(), false),
            new Command("member add", s -> new V2Members(s).memberAdd(), false),
            new Command("member remove", s -> new V2Members(s).memberRemove(), false),
            new Command("member update", s -> new V2Members(s).memberUpdate(), false),
            new Command("user add", s -> new V2Auth(s).userAdd(), false),
            new Command("user get", s -> new V2Auth(s).userGet(), false),
            new Command("user list", s -> new V2Auth(s).userList(), false),
            new Command("user remove", s -> new V2Auth(s).userRemove(), false),
            new Command("user grant", s -> new V2Auth(s).userGrantRevoke(true), false,
                    Def.of("roles", Kind.SLICE, "")),
            new Command("user revoke", s -> new V2Auth(s).userGrantRevoke(false), false,
                    Def.of("roles", Kind.SLICE, "")),
            new Command("user passwd", s -> new V2Auth(s).userPasswd(), false),
            new Command("role add", s -> new V2Auth(s).roleAdd(), false),
            new Command("role get", s -> new V2Auth(s).roleGet(), false),
            new Command("role list", s -> new V2Auth(s).roleList(), false),
            new Command("role remove", s -> new V2Auth(s).roleRemove(), false),
            new Command("role grant", s -> new V2Auth(s).roleGrantRevoke(true), false, Def.of("path", Kind.STRING, ""),
                    Def.of("read", Kind.BOOL, "false"), Def.of("write", Kind.BOOL, "false"),
                    Def.of("readwrite, rw", Kind.BOOL, "false")),
            new Command("role revoke", s -> new V2Auth(s).roleGrantRevoke(false), false,
                    Def.of("path", Kind.STRING, ""), Def.of("read", Kind.BOOL, "false"),
                    Def.of("write", Kind.BOOL, "false"), Def.of("readwrite, rw", Kind.BOOL, "false")),
            new Command("auth enable", s -> new V2Auth(s).enable(true), false),
            new Command("auth disable", s -> new V2Auth(s).enable(false), false),
            new Command("backup", s -> new Backup(s.flags, s.err).run(), false, Def.of("data-dir", Kind.STRING, ""),
                    Def.of("wal-dir", Kind.STRING, ""), Def.of("backup-dir", Kind.STRING, ""),
                    Def.of("backup-wal-dir", Kind.STRING, ""), Def.of("with-v3", Kind.BOOL, "false")));

    static int run(String[] argv, InputStream in, Out out, Out err, Map<String, String> env) {
        try {
            V2Flags globals;
            try {
                globals = V2Flags.parseGlobal(GLOBALS, List.of(argv));
            } catch (V2Flags.UsageException e) {
                out.print("Incorrect Usage. " + e.getMessage() + "\n\n" + help());
                err.println(e.getMessage());
                return 1;
            }
            if (globals.bool("version")) {
                out.print("etcdctl version: 3.4.23\nAPI version: 2\n");
                return 0;
            }
            List<String> rest = globals.args;
            if (rest.isEmpty() || globals.bool("help") || rest.get(0).equals("help") || rest.get(0).equals("h")) {
                if (rest.size() > 1 && (rest.get(0).equals("help") || rest.get(0).equals("h")) && find(rest.get(1)) == null) {
                    err.println("No help topic for '" + rest.get(1) + "'");
                    return 3;
                }
                out.print(help());
                return 0;
            }
            String word = rest.get(0);
            if (word.equals("exec-watch")) {
                err.println("Error:  etcdj's etcdctl does not implement the v2 '" + word + "' command");
                return 1;
            }
            Command cmd = find(word);
            int argStart = 1;
            if (cmd == null && rest.size() > 1) {
                cmd = find(word + " " + rest.get(1));
                argStart = 2;
            }
            if (cmd == null) {
                if (COMMANDS.stream().anyMatch(c -> c.path().startsWith(word + " "))) {
                    out.print(commandHelp(word));
                    return 0;
                }
                err.println("No help topic for '" + word + "'");
                return 3;
            }
            V2Flags flags;
            List<Def> defs = new ArrayList<>(List.of(cmd.flags()));
            defs.add(Def.of("help, h", Kind.BOOL, "false"));
            try {
                flags = V2Flags.parseCommand(defs, rest.subList(argStart, rest.size()));
            } catch (V2Flags.UsageException e) {
                out.print("Incorrect Usage: " + e.getMessage() + "\n\n" + commandHelp(cmd.path()));
                err.println(e.getMessage());
                return 1;
            }
            if (flags.bool("help")) {
                out.print(commandHelp(cmd.path()));
                return 0;
            }
            V2Session s = new V2Session(globals, flags, env, in, out, err);
            try {
                cmd.action().run(s);
            } catch (V2Http.ClusterError e) {
                if (!cmd.keysErrors()) {
                    throw new V2Exit(1, e.getMessage().stripTrailing());
                }
                throw new V2Exit(V2Exit.SERVER_ERROR, "Error:  " + e.getMessage() + "\n" + e.detail());
            } catch (V2Http.DeadlineExceeded e) {
                throw new V2Exit(cmd.keysErrors() ? V2Exit.SERVER_ERROR : 1,
                        (cmd.keysErrors() ? "Error:  " : "") + e.getMessage());
            }
            return 0;
        } catch (V2Exit e) {
            out.flush();
            if (e.getMessage() != null) {
                err.println(e.getMessage());
            }
            return e.code;
        } catch (IOException e) {
            out.flush();
            err.println("Error:  " + e.getMessage());
            return V2Exit.SERVER_ERROR;
        } catch (Exception e) {
            out.flush();
            err.println("Error:  " + e);
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static Command find(String path) {
        for (Command c : COMMANDS) {
            if (c.path().equals(path)) {
                return c;
            }
        }
        return null;
    }

    /** etcdctl 3.4's help text of a v2 command or command group. */
    private static String commandHelp(String path) {
        for (String part : resource("v2commands.txt").split("\u001e")) {
            int nl = part.indexOf('\n');
            if (nl > 0 && part.substring(0, nl).equals(path)) {
                return part.substring(nl + 1);
            }
        }
        return "";
    }

    private static String help() {
        return resource("v2help.txt");
    }

    private static String resource(String name) {
        try (InputStream is = V2Main.class.getResourceAsStream(name)) {
            return is == null ? "" : new String(is.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}

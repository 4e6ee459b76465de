package dev.etcdj.cli.etcdctl;

import dev.etcdj.cli.etcdctl.EtcdctlMain.Def;
import dev.etcdj.cli.etcdctl.EtcdctlMain.Flag;
import dev.etcdj.cli.etcdctl.EtcdctlMain.UsageError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the command and parses its flags the way etcdctl's cobra and pflag do: command words found
 * between the flags (unique prefixes allowed), flags and arguments interspersed, {@code --} ending the
 * flags, pflag's error texts. Hand-written rather than picocli because picocli's Java 5 class files cannot
 * go into the class-data archive, which made every etcdctl call ~50 ms slower.
 */
final class FlagParser {
    /**
     * What the command line holds: the command path ("" for the root), where its first word is in the
     * arguments (-1 for none), its flags and its arguments.
     */
    record Parsed(String path, Def def, int topIndex, Map<String, String> globals, Map<String, String> locals,
            List<String> positional, boolean help) {}

    /** The command word given, in full, with a cobra-like error for one that names no command. */
    static final class UnknownCommand extends RuntimeException {
        final String word;

        UnknownCommand(String word) {
            super(null, null, false, false);
            this.word = word;
        }
    }

    private static final Flag HELP = new Flag("help", "h", "bool", "false");

    private FlagParser() {}

    static Parsed parse(List<String> args) {
        List<String> rest = new ArrayList<>(args);
        Def cur = null;
        int topIndex = -1;
        while (true) {
            int at = firstWord(rest, flagsOf(cur));
            if (at < 0) {
                break;
            }
            String word = rest.get(at);
            Def child = child(cur == null ? "" : cur.path(), word);
            if (child == null) {
                if (cur == null) {
                    throw new UnknownCommand(word);
                }
                break;
            }
            rest.remove(at);
            topIndex = cur == null ? at : topIndex;
            cur = child;
        }
        String path = cur == null ? "" : cur.path();
        Map<String, String> globals = new LinkedHashMap<>();
        Map<String, String> locals = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        List<Flag> flags = flagsOf(cur);
        for (int i = 0; i < rest.size(); i++) {
            String s = rest.get(i);
            if (s.length() < 2 || s.charAt(0) != '-') {
                positional.add(s);
            } else if (s.equals("--")) {
                positional.addAll(rest.subList(i + 1, rest.size()));
                break;
            } else if (s.startsWith("--")) {
                i = longFlag(path, flags, rest, i, globals, locals);
            } else {
                i = shortFlags(path, flags, rest, i, globals, locals);
            }
        }
        boolean help = "true".equals(locals.remove("help"));
        return new Parsed(path, cur, topIndex, globals, locals, positional, help);
    }

    /** The top-level command the arguments name (in full), found as {@link #parse} finds it, or null. */
    static String topCommand(List<String> args) {
        int at = firstWord(args, flagsOf(null));
        Def d = at < 0 ? null : child("", args.get(at));
        return d == null ? null : d.path();
    }

    /** Parses "--name", "--name=value" or "--name value" at index i; returns the last index consumed. */
    private static int longFlag(String path, List<Flag> flags, List<String> args, int i,
            Map<String, String> globals, Map<String, String> locals) {
        String s = args.get(i);
        String name = s.substring(2);
        if (name.startsWith("-") || name.startsWith("=")) {
            throw new UsageError(path, "bad flag syntax: " + s);
        }
        int eq = name.indexOf('=');
        String value = eq >= 0 ? name.substring(eq + 1) : null;
        name = eq >= 0 ? name.substring(0, eq) : name;
        Flag f = byName(flags, name);
        if (f == null) {
            throw new UsageError(path, "unknown flag: --" + name);
        }
        if (value == null) {
            if (f.type().equals("bool")) {
                value = "true";
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageError(path, "flag needs an argument: " + s);
            }
        }
        set(path, f, value, globals, locals);
        return i;
    }

    /** Parses a run of one-letter flags ("-w json", "-wjson", "-w=json", "-ih"); returns the last index consumed. */
    private static int shortFlags(String path, List<Flag> flags, List<String> args, int i,
            Map<String, String> globals, Map<String, String> locals) {
        String shorthands = args.get(i).substring(1);
        while (!shorthands.isEmpty()) {
            char c = shorthands.charAt(0);
            Flag f = byShorthand(flags, c);
            if (f == null) {
                throw new UsageError(path, "unknown shorthand flag: '" + c + "' in -" + shorthands);
            }
            String value;
            if (shorthands.length() > 2 && shorthands.charAt(1) == '=') {
                value = shorthands.substring(2);
                shorthands = "";
            } else if (f.type().equals("bool")) {
                value = "true";
                shorthands = shorthands.substring(1);
            } else if (shorthands.length() > 1) {
                value = shorthands.substring(1);
                shorthands = "";
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
                shorthands = "";
            } else {
                throw new UsageError(path, "flag needs an argument: '" + c + "' in -" + shorthands);
            }
            set(path, f, value, globals, locals);
        }
        return i;
    }

    private static void set(String path, Flag f, String value, Map<String, String> globals, Map<String, String> locals) {
        String v = value;
        if (f.type().equals("bool")) {
            try {
                v = String.valueOf(Globals.parseBool(f.name(), value));
            } catch (IllegalArgumentException e) {
                String shown = f.shorthand() == null ? "--" + f.name() : "-" + f.shorthand() + ", --" + f.name();
                throw new UsageError(path, e.getMessage().replace("\"--" + f.name() + "\"", GoFmt.quote(shown)));
            }
        }
        (isGlobal(f) ? globals : locals).put(f.name(), v);
    }

    /** cobra's stripFlags: where the first argument is that is neither a flag nor a flag's separate value. */
    private static int firstWord(List<String> args, List<Flag> flags) {
        for (int i = 0; i < args.size(); i++) {
            String s = args.get(i);
            if (s.equals("--")) {
                return -1;
            }
            boolean separateValue = !s.contains("=")
                    && (s.startsWith("--") && !isBool(byName(flags, s.substring(2)))
                        || s.length() == 2 && s.charAt(0) == '-' && !isBool(byShorthand(flags, s.charAt(1))));
            if (separateValue) {
                if (i + 1 >= args.size() - 1) {
                    return -1;
                }
                i++;
            } else if (!s.isEmpty() && !s.startsWith("-")) {
                return i;
            }
        }
        return -1;
    }

    /** The sub-command of parent named by word: its exact name or the only one it begins. */
    private static Def child(String parent, String word) {
        String prefix = parent.isEmpty() ? "" : parent + " ";
        Def match = null;
        int matches = 0;
        for (Def d : EtcdctlMain.DEFS) {
            String p = d.path();
            if (!p.startsWith(prefix) || p.indexOf(' ', prefix.length()) >= 0) {
                continue;
            }
            String name = p.substring(prefix.length());
            if (name.equals(word)) {
                return d;
            }
            if (name.startsWith(word)) {
                match = d;
                matches++;
            }
        }
        return matches == 1 ? match : null;
    }

    private static List<Flag> flagsOf(Def def) {
        List<Flag> all = new ArrayList<>();
        for (String[] g : Globals.FLAGS) {
            String sh = g[0].equals("write-out") ? "w" : g[0].equals("discovery-srv") ? "d" : null;
            all.add(new Flag(g[0], sh, g[1], ""));
        }
        all.add(HELP);
        if (def != null) {
            all.addAll(List.of(def.flags()));
        }
        return all;
    }

    private static Flag byName(List<Flag> flags, String name) {
        for (Flag f : flags) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        return null;
    }

    private static Flag byShorthand(List<Flag> flags, char c) {
        for (Flag f : flags) {
            if (f.shorthand() != null && f.shorthand().charAt(0) == c) {
                return f;
            }
        }
        return null;
    }

    private static boolean isBool(Flag f) {
        return f != null && f.type().equals("bool");
    }

    private static boolean isGlobal(Flag f) {
        for (String[] g : Globals.FLAGS) {
            if (g[0].equals(f.name())) {
                return true;
            }
        }
        return false;
    }
}

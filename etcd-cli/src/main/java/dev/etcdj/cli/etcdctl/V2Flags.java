package dev.etcdj.cli.etcdctl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Flags the way etcdctl's v2 mode (urfave/cli over Go's flag package) reads them: {@code -name} or
 * {@code --name}, values after {@code =} or in the next argument, aliases ("quorum, q"). Global flags end at
 * the command word; a command's flags may also follow its arguments (urfave/cli moves them forward) until
 * {@code --}.
 */
final class V2Flags {
    enum Kind { BOOL, STRING, INT, DURATION, SLICE }

    /** A flag definition: its names (the first is the canonical one), kind and default. */
    record Def(String[] names, Kind kind, String def) {
        static Def of(String names, Kind kind, String def) {
            return new Def(names.split(",\\s*"), kind, def);
        }
    }

    /** A flag the definitions do not know or a value that does not parse: urfave/cli's "Incorrect Usage". */
    static final class UsageException extends RuntimeException {
        UsageException(String msg) {
            super(msg, null, false, false);
        }
    }

    private final Map<String, Def> byName = new HashMap<>();
    private final Map<String, String> values = new HashMap<>();
    private final Map<String, List<String>> slices = new HashMap<>();
    private final Map<String, String> set = new HashMap<>();
    final List<String> args = new ArrayList<>();

    private V2Flags(List<Def> defs) {
        for (Def d : defs) {
            for (String n : d.names()) {
                byName.put(n, d);
            }
            values.put(d.names()[0], d.def());
        }
    }

    /** Global flags: parsing stops at the first argument that is not a flag (the command word). */
    static V2Flags parseGlobal(List<Def> defs, List<String> in) {
        V2Flags f = new V2Flags(defs);
        f.parse(in, true);
        return f;
    }

    /**
     * A command's flags. urfave/cli first moves the command's own flags (and the argument after each one
     * without "=", which it takes for a value) ahead of the rest, then Go's flag package stops at the first
     * non-flag: so {@code get foo --quorum} reads --quorum while {@code ls --sort / -r} lists "/" and "-r".
     */
    static V2Flags parseCommand(List<Def> defs, List<String> in) {
        V2Flags f = new V2Flags(defs);
        List<String> reordered = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        boolean maybeValue = false;
        for (int i = 0; i < in.size(); i++) {
            String a = in.get(i);
            if (maybeValue && !f.isFlag(a)) {
                maybeValue = false;
                reordered.add(a);
            } else if (a.equals("--")) {
                rest.add(0, "--");
                rest.addAll(in.subList(i + 1, in.size()));
                break;
            } else if (f.isFlag(a)) {
                reordered.add(a);
                maybeValue = !a.contains("=");
            } else {
                rest.add(a);
            }
        }
        reordered.addAll(rest);
        f.parse(reordered, true);
        return f;
    }

    /** urfave/cli's argIsFlag: one of the command's flags, with one or two dashes, maybe with "=value". */
    private boolean isFlag(String a) {
        if (a.equals("-") || a.equals("--") || !a.startsWith("-")) {
            return false;
        }
        String n = a.startsWith("--") ? a.substring(2) : a.substring(1);
        int eq = n.indexOf('=');
        return byName.containsKey(eq >= 0 ? n.substring(0, eq) : n);
    }

    private void parse(List<String> in, boolean stopAtArg) {
        for (int i = 0; i < in.size(); i++) {
            String a = in.get(i);
            if (a.equals("--")) {
                args.addAll(in.subList(i + 1, in.size()));
                return;
            }
            if (!a.startsWith("-") || a.equals("-")) {
                if (stopAtArg) {
                    args.addAll(in.subList(i, in.size()));
                    return;
                }
                args.add(a);
                continue;
            }
            String n = a.startsWith("--") ? a.substring(2) : a.substring(1);
            String v = null;
            int eq = n.indexOf('=');
            if (eq >= 0) {
                v = n.substring(eq + 1);
                n = n.substring(0, eq);
            }
            Def d = byName.get(n);
            if (d == null) {
                throw new UsageException("flag provided but not defined: -" + n);
            }
            if (d.kind() == Kind.BOOL) {
                if (v != null && !v.matches("1|0|t|f|T|F|true|false|TRUE|FALSE|True|False")) {
                    throw new UsageException("invalid boolean value " + GoFmt.quote(v) + " for -" + n + ": parse error");
                }
                v = v == null ? "true" : String.valueOf(v.matches("1|t|T|true|TRUE|True"));
            } else if (v == null) {
                if (i + 1 >= in.size()) {
                    throw new UsageException("flag needs an argument: -" + n);
                }
                v = in.get(++i);
            }
            check(d, n, v);
            String key = d.names()[0];
            if (d.kind() == Kind.SLICE) {
                slices.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
            }
            values.put(key, v);
            set.put(key, v);
        }
    }

    private static void check(Def d, String n, String v) {
        try {
            if (d.kind() == Kind.INT) {
                Long.parseLong(v);
            } else if (d.kind() == Kind.DURATION) {
                GoFmt.parseDuration(v);
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid value " + GoFmt.quote(v) + " for flag -" + n + ": parse error");
        }
    }

    boolean bool(String name) {
        return Boolean.parseBoolean(values.get(name));
    }

    String string(String name) {
        return values.getOrDefault(name, "");
    }

    long integer(String name) {
        return Long.parseLong(values.get(name));
    }

    long durationNanos(String name) {
        return GoFmt.parseDuration(values.get(name));
    }

    List<String> slice(String name) {
        return slices.getOrDefault(name, List.of());
    }

    boolean isSet(String name) {
        return set.containsKey(name);
    }
}

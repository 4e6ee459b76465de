package dev.etcdj.cli.etcdctl;

import com.google.protobuf.ByteString;
import dev.etcdj.api.Compare;
import dev.etcdj.api.RequestOp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing of etcdctl's txn input: compare lines and put/get/del request lines. */
final class TxnParser {
    private TxnParser() {}

    private static final Pattern ARG = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|[^'\"\\s]\\S*[^'\"\\s]?");

    /** Splits a line into arguments the way etcdctl's argify does (including its quirks). */
    static List<String> argify(String s) {
        List<String> raw = new ArrayList<>();
        Matcher m = ARG.matcher(s);
        while (m.find()) {
            raw.add(m.group());
        }
        List<String> out = new ArrayList<>(raw.size());
        for (String a : raw) {
            if (a.isEmpty()) {
                out.add(a);
            } else if (a.charAt(0) == '\'') {
                // etcdctl slices single-quoted words as [1 : number of words - 1]
                int end = raw.size() - 1;
                if (end < 1 || end > a.length()) {
                    throw new EtcdctlException(2, "panic: runtime error: slice bounds out of range [" + (end < 1 ? "1:" + end : ":" + end + "] with length " + a.length()) + (end < 1 ? "]" : ""));
                }
                out.add(a.substring(1, end));
            } else if (a.charAt(0) == '"') {
                String q = scanQuoted(a);
                if (q == null) {
                    throw new EtcdctlException(Exit.INVALID_INPUT, "unexpected EOF");
                }
                out.add(q);
            } else {
                out.add(a);
            }
        }
        return out;
    }

    /** Reads a Go quoted string at the start of s (after spaces); returns {value, rest} or null. */
    static String[] readQuoted(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        if (i >= s.length()) {
            return null;
        }
        char q = s.charAt(i);
        if (q == '`') {
            int end = s.indexOf('`', i + 1);
            if (end < 0) {
                return null;
            }
            return new String[] {s.substring(i + 1, end), s.substring(end + 1)};
        }
        if (q != '"') {
            return null;
        }
        int j = i + 1;
        while (j < s.length()) {
            char c = s.charAt(j);
            if (c == '\\') {
                j += 2;
                continue;
            }
            if (c == '"') {
                String v = unquote(s.substring(i, j + 1));
                if (v == null) {
                    return null;
                }
                return new String[] {v, s.substring(j + 1)};
            }
            j++;
        }
        return null;
    }

    private static String scanQuoted(String a) {
        String[] r = readQuoted(a);
        return r == null ? null : r[0];
    }

    /** Go's strconv.Unquote for a double-quoted string; the result's chars are bytes (ISO-8859-1 view). */
    static String unquote(String q) {
        byte[] src = q.getBytes(StandardCharsets.ISO_8859_1);
        java.io.ByteArrayOutputStream bo = new java.io.ByteArrayOutputStream();
        int i = 1;
        int end = src.length - 1;
        while (i < end) {
            int c = src[i] & 0xff;
            if (c != '\\') {
                bo.write(c);
                i++;
                continue;
            }
            if (i + 1 >= end) {
                return null;
            }
            char e = (char) src[i + 1];
            i += 2;
            switch (e) {
                case 'a' -> bo.write(7);
                case 'b' -> bo.write('\b');
                case 'f' -> bo.write('\f');
                case 'n' -> bo.write('\n');
                case 'r' -> bo.write('\r');
                case 't' -> bo.write('\t');
                case 'v' -> bo.write(11);
                case '\\' -> bo.write('\\');
                case '"' -> bo.write('"');
                case '\'' -> {
                    return null;
                }
                case 'x' -> {
                    if (i + 2 > end) {
                        return null;
                    }
                    try {
                        bo.write(Integer.parseInt(new String(src, i, 2, StandardCharsets.ISO_8859_1), 16));
                    } catch (NumberFormatException ex) {
                        return null;
                    }
                    i += 2;
                }
                case 'u', 'U' -> {
                    int n = e == 'u' ? 4 : 8;
                    if (i + n > end) {
                        return null;
                    }
                    int cp;
                    try {
                        cp = Integer.parseInt(new String(src, i, n, StandardCharsets.ISO_8859_1), 16);
                    } catch (NumberFormatException ex) {
                        return null;
                    }
                    byte[] enc = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                    bo.write(enc, 0, enc.length);
                    i += n;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        if (i + 2 > end) {
                            return null;
                        }
                        try {
                            int v = Integer.parseInt(new String(src, i - 1, 3, StandardCharsets.ISO_8859_1), 8);
                            if (v > 255) {
                                return null;
                            }
                            bo.write(v);
                        } catch (NumberFormatException ex) {
                            return null;
                        }
                        i += 2;
                    } else {
                        return null;
                    }
                }
            }
        }
        return new String(bo.toByteArray(), StandardCharsets.ISO_8859_1);
    }

    static ByteString bytesOf(String latin1) {
        return ByteString.copyFrom(latin1.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static boolean isBool(String v) {
        try {
            Globals.parseBool("x", v);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Parses one compare line such as {@code mod("key") > "5"}. */
    static Compare parseCompare(String line) {
        int lp = line.indexOf('(');
        if (lp < 0) {
            throw new EtcdctlException(Exit.INVALID_INPUT, "malformed comparison: " + line);
        }
        String target = line.substring(0, lp);
        String rest = line.substring(lp + 1);
        String key = "";
        String op = "";
        String val = "";
        int n = 0;
        String[] k = readQuoted(rest);
        if (k != null) {
            key = k[0];
            n = 1;
            String r = k[1];
            if (r.startsWith(")")) {
                r = r.substring(1);
                int i = 0;
                while (i < r.length() && Character.isWhitespace(r.charAt(i))) {
                    i++;
                }
                int j = i;
                while (j < r.length() && !Character.isWhitespace(r.charAt(j))) {
                    j++;
                }
                if (j > i) {
                    op = r.substring(i, j);
                    n = 2;
                    String[] v = readQuoted(r.substring(j));
                    if (v != null) {
                        val = v[0];
                        n = 3;
                    }
                }
            }
        }
        if (n != 3) {
            throw new EtcdctlException(Exit.INVALID_INPUT, "malformed comparison: " + line + "; got " + target + "("
                    + GoFmt.quote(key.getBytes(StandardCharsets.ISO_8859_1)) + ") " + op + " "
                    + GoFmt.quote(val.getBytes(StandardCharsets.ISO_8859_1)));
        }
        Compare.Builder b = Compare.newBuilder().setKey(bytesOf(key));
        switch (op) {
            case "=", "==" -> b.setResult(Compare.CompareResult.EQUAL);
            case "!=" -> b.setResult(Compare.CompareResult.NOT_EQUAL);
            case "<" -> b.setResult(Compare.CompareResult.LESS);
            case ">" -> b.setResult(Compare.CompareResult.GREATER);
            default -> throw new EtcdctlException(2, "panic: Unknown result op");
        }
        try {
            switch (target) {
                case "ver", "version" -> b.setTarget(Compare.CompareTarget.VERSION).setVersion(Long.parseLong(val));
                case "c", "create" -> b.setTarget(Compare.CompareTarget.CREATE).setCreateRevision(Long.parseLong(val));
                case "m", "mod" -> b.setTarget(Compare.CompareTarget.MOD).setModRevision(Long.parseLong(val));
                case "val", "value" -> b.setTarget(Compare.CompareTarget.VALUE).setValue(bytesOf(val));
                case "lease" -> b.setTarget(Compare.CompareTarget.LEASE).setLease(Long.parseLong(val, 16));
                default -> throw new EtcdctlException(Exit.INVALID_INPUT,
                        "malformed comparison: " + line + " (unknown target " + target + ")");
            }
        } catch (NumberFormatException e) {
            throw new EtcdctlException(Exit.INVALID_INPUT, "invalid txn compare request: " + line);
        }
        return b.build();
    }

    /** Parses one request line: put/get/del with their flags. */
    /** cobra's usage texts for the request commands, printed when a request line has a bad flag. */
    static final Map<String, String> USAGE = Map.of(
            "put", "Usage:\n   put [options] <key> <value> (<value> can also be given from stdin) [flags]\n\nFlags:\n"
                    + "  -h, --help           help for put\n"
                    + "      --ignore-lease   updates the key using its current lease\n"
                    + "      --ignore-value   updates the key using its current value\n"
                    + "      --lease string   lease ID (in hexadecimal) to attach to the key (default \"0\")\n"
                    + "      --prev-kv        return the previous key-value pair before modification\n\n",
            "get", "Usage:\n   get [options] <key> [range_end] [flags]\n\nFlags:\n"
                    + "      --consistency string   Linearizable(l) or Serializable(s) (default \"l\")\n"
                    + "      --from-key             Get keys that are greater than or equal to the given key using byte compare\n"
                    + "  -h, --help                 help for get\n"
                    + "      --keys-only            Get only the keys\n"
                    + "      --limit int            Maximum number of results\n"
                    + "      --order string         Order of results; ASCEND or DESCEND (ASCEND by default)\n"
                    + "      --prefix               Get keys with matching prefix\n"
                    + "      --print-value-only     Only write values when using the \"simple\" output format\n"
                    + "      --rev int              Specify the kv revision\n"
                    + "      --sort-by string       Sort target; CREATE, KEY, MODIFY, VALUE, or VERSION\n\n",
            "del", "Usage:\n   del [options] <key> [range_end] [flags]\n\nFlags:\n"
                    + "      --from-key   delete keys that are greater than or equal to the given key using byte compare\n"
                    + "  -h, --help       help for del\n"
                    + "      --prefix     delete keys with matching prefix\n"
                    + "      --prev-kv    return deleted key-value pairs\n\n");

    static RequestOp parseRequest(String line, java.io.InputStream stdin, Out err) {
        List<String> args = argify(line);
        if (args.size() < 2) {
            throw new EtcdctlException(Exit.INVALID_INPUT, "invalid txn compare request: " + line);
        }
        String cmd = args.get(0);
        String resolved = null;
        for (String c : new String[] {"put", "get", "del"}) {
            if (c.startsWith(cmd)) {
                resolved = resolved == null ? c : "";
            }
        }
        if (resolved == null || resolved.isEmpty()) {
            throw new EtcdctlException(Exit.INVALID_INPUT, "invalid txn request: " + line);
        }
        EtcdctlMain.Def def = EtcdctlMain.find(resolved);
        Map<String, String> flags = new HashMap<>();
        List<String> pos = new ArrayList<>();
        boolean noMore = false;
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            if (noMore || !a.startsWith("-") || a.equals("-")) {
                pos.add(a);
                continue;
            }
            if (a.equals("--")) {
                noMore = true;
                continue;
            }
            String name = a.startsWith("--") ? a.substring(2) : a.substring(1);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            EtcdctlMain.Flag f = null;
            for (EtcdctlMain.Flag x : def.flags()) {
                if (x.name().equals(name) || (!a.startsWith("--") && name.equals(x.shorthand()))) {
                    f = x;
                }
            }
            if (f == null || (f.type().equals("bool") && value != null && !isBool(value))
                    || (!f.type().equals("bool") && value == null && i + 1 >= args.size())) {
                err.print(USAGE.get(resolved));
                throw new EtcdctlException(Exit.INVALID_INPUT, "invalid txn request: " + line);
            }
            if (f.type().equals("bool")) {
                if (value == null) {
                    value = "true";
                }
                try {
                    value = Boolean.toString(Globals.parseBool(name, value));
                } catch (IllegalArgumentException e) {
                    throw new EtcdctlException(Exit.INVALID_INPUT, "invalid txn request: " + line);
                }
            } else if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new EtcdctlException(Exit.INVALID_INPUT, "invalid txn request: " + line);
                }
                value = args.get(++i);
            }
            flags.put(f.name(), value);
        }
        for (EtcdctlMain.Flag f : def.flags()) {
            flags.putIfAbsent(f.name(), f.def());
        }
        Cmd c = new Cmd(def, new Globals(), flags, pos, new String[0], stdin, null, null, Map.of());
        // argify works on bytes (ISO-8859-1 view); commands take text
        pos.replaceAll(p -> new String(p.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        return switch (resolved) {
            case "put" -> RequestOp.newBuilder().setRequestPut(Commands.putRequest(c, true)).build();
            case "get" -> RequestOp.newBuilder().setRequestRange(Commands.rangeRequest(c, true)).build();
            default -> RequestOp.newBuilder().setRequestDeleteRange(Commands.deleteRequest(c, true)).build();
        };
    }
}

package dev.etcdj.server.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reader for the subset of YAML that etcd configuration files use: block mappings nested by indentation,
 * block sequences ({@code - item}), flow sequences ({@code [a, b]}), plain / single-quoted / double-quoted
 * scalars, comments, {@code ---} document markers. Anchors, tags, multi-line scalars and flow mappings are
 * rejected with an error.
 *
 * <p>Nodes: {@code Map<String,Object>}, {@code List<Object>}, {@link Scalar}, or {@code null} for an empty value.
 */
final class YamlLite {

    /** A scalar; {@code quoted} scalars are always strings, plain ones are typed per YAML 1.1 when read. */
    record Scalar(String text, boolean quoted) {
        boolean isNull() {
            return !quoted && (text.isEmpty() || text.equals("~") || text.equals("null") || text.equals("Null") || text.equals("NULL"));
        }

        /** YAML 1.1 booleans as go-yaml v2 resolves them, or null if this is not a boolean. */
        Boolean asBool() {
            if (quoted) return null;
            switch (text) {
                case "y": case "Y": case "yes": case "Yes": case "YES": case "true": case "True": case "TRUE":
                case "on": case "On": case "ON":
                    return Boolean.TRUE;
                case "n": case "N": case "no": case "No": case "NO": case "false": case "False": case "FALSE":
                case "off": case "Off": case "OFF":
                    return Boolean.FALSE;
                default:
                    return null;
            }
        }

        /** The number this plain scalar denotes (int or float per YAML 1.1), or null. */
        java.math.BigDecimal asNumber() {
            if (quoted) return null;
            String t = text.replace("_", "");
            try {
                if (t.matches("[-+]?0x[0-9a-fA-F]+")) {
                    boolean neg = t.startsWith("-");
                    java.math.BigInteger v = new java.math.BigInteger(t.replaceFirst("^[-+]?0x", ""), 16);
                    return new java.math.BigDecimal(neg ? v.negate() : v);
                }
                if (t.matches("[-+]?0o?[0-7]+") && t.replaceFirst("^[-+]", "").startsWith("0") && t.length() > 1) {
                    boolean neg = t.startsWith("-");
                    java.math.BigInteger v = new java.math.BigInteger(t.replaceFirst("^[-+]?0o?", "").isEmpty() ? "0" : t.replaceFirst("^[-+]?0o?", ""), 8);
                    return new java.math.BigDecimal(neg ? v.negate() : v);
                }
                if (t.matches("[-+]?[0-9]+")) return new java.math.BigDecimal(t);
                if (t.matches("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?")) return new java.math.BigDecimal(t);
            } catch (NumberFormatException e) {
                return null;
            }
            return null;
        }
    }

    /** A syntax error, with etcd-like wording ("yaml: line N: ..."). */
    static final class YamlException extends Exception {
        YamlException(int line, String msg) { super("yaml: line " + line + ": " + msg, null, false, false); }
    }

    private record Line(int no, int indent, String text) {}

    private final List<Line> lines = new ArrayList<>();
    private int pos;

    private YamlLite(String doc) throws YamlException {
        String[] raw = doc.replace("\r\n", "\n").split("\n", -1);
        for (int i = 0; i < raw.length; i++) {
            String l = raw[i];
            if (l.indexOf('\t') >= 0 && l.substring(0, indentOf(l)).indexOf('\t') >= 0) {
                throw new YamlException(i + 1, "found character that cannot start any token");
            }
            String content = stripComment(l, i + 1);
            if (content.isBlank()) continue;
            if (content.trim().equals("---") || content.trim().equals("...")) continue;
            int ind = indentOf(content);
            lines.add(new Line(i + 1, ind, content.substring(ind).stripTrailing()));
        }
    }

    /** Parses a document; returns an empty map for an empty document. */
    static Map<String, Object> parse(String doc) throws YamlException {
        YamlLite y = new YamlLite(doc);
        if (y.lines.isEmpty()) return new LinkedHashMap<>();
        Object root = y.node(y.lines.get(0).indent());
        if (y.pos < y.lines.size()) {
            throw new YamlException(y.lines.get(y.pos).no(), "did not find expected key");
        }
        if (!(root instanceof Map)) {
            throw new YamlException(1, "cannot unmarshal !!" + (root instanceof List ? "seq" : "str") + " into a mapping");
        }
        @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) root;
        return m;
    }

    private static int indentOf(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == ' ') i++;
        return i;
    }

    private static String stripComment(String l, int lineNo) throws YamlException {
        char quote = 0;
        for (int i = 0; i < l.length(); i++) {
            char c = l.charAt(i);
            if (quote != 0) {
                if (quote == '"' && c == '\\') { i++; continue; }
                if (c == quote) {
                    if (quote == '\'' && i + 1 < l.length() && l.charAt(i + 1) == '\'') { i++; continue; }
                    quote = 0;
                }
            } else if (c == '#' && (i == 0 || l.charAt(i - 1) == ' ' || l.charAt(i - 1) == '\t')) {
                return l.substring(0, i);
            } else if ((c == '"' || c == '\'') && (i == 0 || " \t:-[,".indexOf(l.charAt(i - 1)) >= 0)) {
                quote = c;
            }
        }
        if (quote != 0) throw new YamlException(lineNo, "found unexpected end of stream");
        return l;
    }

    private Object node(int indent) throws YamlException {
        Line first = lines.get(pos);
        if (first.text().startsWith("- ") || first.text().equals("-")) return sequence(first.indent());
        return mapping(indent);
    }

    private Map<String, Object> mapping(int indent) throws YamlException {
        Map<String, Object> m = new LinkedHashMap<>();
        while (pos < lines.size()) {
            Line l = lines.get(pos);
            if (l.indent() < indent) break;
            if (l.indent() > indent) throw new YamlException(l.no(), "mapping values are not allowed in this context");
            if (l.text().startsWith("- ") || l.text().equals("-")) throw new YamlException(l.no(), "did not find expected key");
            int colon = keyColon(l);
            if (colon < 0) throw new YamlException(l.no(), "could not find expected ':'");
            String key = unquoteKey(l.text().substring(0, colon).trim(), l.no());
            String rest = l.text().substring(colon + 1).trim();
            pos++;
            Object value;
            if (rest.isEmpty()) {
                if (pos < lines.size() && (lines.get(pos).indent() > indent
                        || (lines.get(pos).indent() == indent && lines.get(pos).text().startsWith("-")))) {
                    value = node(lines.get(pos).indent());
                } else {
                    value = null;
                }
            } else {
                value = inline(rest, l.no());
            }
            if (m.containsKey(key)) throw new YamlException(l.no(), "key " + GoSyntax.quote(key) + " already set in map");
            m.put(key, value);
        }
        return m;
    }

    private List<Object> sequence(int indent) throws YamlException {
        List<Object> list = new ArrayList<>();
        while (pos < lines.size()) {
            Line l = lines.get(pos);
            if (l.indent() != indent || !(l.text().startsWith("- ") || l.text().equals("-"))) {
                if (l.indent() > indent) throw new YamlException(l.no(), "did not find expected '-' indicator");
                break;
            }
            String rest = l.text().substring(1).trim();
            pos++;
            if (rest.isEmpty()) {
                list.add(pos < lines.size() && lines.get(pos).indent() > indent ? node(lines.get(pos).indent()) : null);
            } else if (keyColon(new Line(l.no(), 0, rest)) >= 0 && !rest.startsWith("\"") && !rest.startsWith("'")) {
                throw new YamlException(l.no(), "mappings inside sequences are not supported by this reader");
            } else {
                list.add(inline(rest, l.no()));
            }
        }
        return list;
    }

    /** Index of the ':' that ends a mapping key (followed by space or end of line), outside quotes; -1 if none. */
    private static int keyColon(Line l) {
        String t = l.text();
        char quote = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (quote != 0) {
                if (quote == '"' && c == '\\') { i++; continue; }
                if (c == quote) quote = 0;
            } else if (i == 0 && (c == '"' || c == '\'')) {
                quote = c;
            } else if (c == ':' && (i + 1 == t.length() || t.charAt(i + 1) == ' ')) {
                return i;
            }
        }
        return -1;
    }

    private static String unquoteKey(String k, int line) throws YamlException {
        Object o = inline(k, line);
        if (o instanceof Scalar s) return s.text();
        throw new YamlException(line, "unsupported key");
    }

    private static Object inline(String v, int line) throws YamlException {
        if (v.startsWith("[")) {
            if (!v.endsWith("]")) throw new YamlException(line, "did not find expected ',' or ']'");
            String body = v.substring(1, v.length() - 1).trim();
            List<Object> out = new ArrayList<>();
            if (body.isEmpty()) return out;
            for (String part : splitFlow(body, line)) out.add(inline(part.trim(), line));
            return out;
        }
        if (v.startsWith("{")) {
            if (v.equals("{}")) return new LinkedHashMap<String, Object>();
            throw new YamlException(line, "flow mappings are not supported by this reader");
        }
        if (v.startsWith("&") || v.startsWith("*") || v.startsWith("!") || v.startsWith("|") || v.startsWith(">")) {
            throw new YamlException(line, "anchors, aliases, tags and block scalars are not supported by this reader");
        }
        if (v.startsWith("\"")) {
            if (v.length() < 2 || !v.endsWith("\"")) throw new YamlException(line, "did not find expected key");
            return new Scalar(unescapeDouble(v.substring(1, v.length() - 1), line), true);
        }
        if (v.startsWith("'")) {
            if (v.length() < 2 || !v.endsWith("'")) throw new YamlException(line, "did not find expected key");
            return new Scalar(v.substring(1, v.length() - 1).replace("''", "'"), true);
        }
        if (v.contains(": ")) throw new YamlException(line, "mapping values are not allowed in this context");
        return new Scalar(v, false);
    }

    private static List<String> splitFlow(String body, int line) throws YamlException {
        List<String> parts = new ArrayList<>();
        char quote = 0;
        int start = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (quote != 0) {
                if (quote == '"' && c == '\\') { i++; continue; }
                if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '[' || c == '{') {
                throw new YamlException(line, "nested flow collections are not supported by this reader");
            } else if (c == ',') {
                parts.add(body.substring(start, i));
                start = i + 1;
            }
        }
        String last = body.substring(start);
        if (!last.isBlank()) parts.add(last);
        return parts;
    }

    private static String unescapeDouble(String s, int line) throws YamlException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') { sb.append(c); continue; }
            if (++i >= s.length()) throw new YamlException(line, "found unknown escape character while parsing a quoted scalar");
            char e = s.charAt(i);
            switch (e) {
                case 'n': sb.append('\n'); break;
                case 't': sb.append('\t'); break;
                case 'r': sb.append('\r'); break;
                case '0': sb.append('\0'); break;
                case '"': sb.append('"'); break;
                case '\\': sb.append('\\'); break;
                case '/': sb.append('/'); break;
                case ' ': sb.append(' '); break;
                case 'x': case 'u': case 'U': {
                    int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (i + n >= s.length() + 0 && i + n > s.length() - 1 + 1) throw new YamlException(line, "found unknown escape character while parsing a quoted scalar");
                    try {
                        sb.appendCodePoint(Integer.parseInt(s.substring(i + 1, i + 1 + n), 16));
                    } catch (RuntimeException ex) {
                        throw new YamlException(line, "did not find expected hexdecimal number");
                    }
                    i += n;
                    break;
                }
                default: throw new YamlException(line, "found unknown escape character while parsing a quoted scalar");
            }
        }
        return sb.toString();
    }
}

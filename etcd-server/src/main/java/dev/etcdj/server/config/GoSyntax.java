package dev.etcdj.server.config;

import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Value syntax as etcd 3.4 (Go 1.x {@code flag}, {@code strconv}, {@code time}, {@code net/url}) accepts it.
 * Every failure is reported as a {@link BadValue} whose message is the text Go appends after
 * "invalid value ... : ", e.g. {@code parse error} or {@code value out of range}.
 */
public final class GoSyntax {
    private GoSyntax() {}

    /** A value was rejected; the message is Go's error text. */
    static final class BadValue extends Exception {
        BadValue(String message) { super(message, null, false, false); }
    }

    static final String PARSE_ERROR = "parse error";
    static final String RANGE_ERROR = "value out of range";

    // ---- booleans: strconv.ParseBool ----
    static boolean parseBool(String s) throws BadValue {
        switch (s) {
            case "1": case "t": case "T": case "true": case "TRUE": case "True": return true;
            case "0": case "f": case "F": case "false": case "FALSE": case "False": return false;
            default: throw new BadValue(PARSE_ERROR);
        }
    }

    // ---- integers: strconv.ParseInt/ParseUint with base 0 ----
    /**
     * Parses like strconv.Parse(U)int(s, 0, bits). Returns a BigInteger so callers can range-check.
     * @param signed whether a leading sign is accepted
     */
    static BigInteger parseInteger(String s, boolean signed, int bits) throws BadValue {
        String t = s;
        boolean neg = false;
        if (t.isEmpty()) throw new BadValue(PARSE_ERROR);
        if (signed && (t.charAt(0) == '+' || t.charAt(0) == '-')) {
            neg = t.charAt(0) == '-';
            t = t.substring(1);
        }
        if (t.isEmpty()) throw new BadValue(PARSE_ERROR);
        int radix = 10;
        boolean prefixed = false;
        if (t.length() > 1 && t.charAt(0) == '0') {
            char c = Character.toLowerCase(t.charAt(1));
            if (c == 'x') { radix = 16; t = t.substring(2); prefixed = true; }
            else if (c == 'b') { radix = 2; t = t.substring(2); prefixed = true; }
            else if (c == 'o') { radix = 8; t = t.substring(2); prefixed = true; }
            else { radix = 8; t = t.substring(1); prefixed = true; }
        }
        // base 0 permits underscores only between digits and after a base prefix (Go's underscoreOK)
        if (t.indexOf('_') >= 0) {
            if (!underscoreOk(s)) throw new BadValue(PARSE_ERROR);
            t = t.replace("_", "");
        }
        if (t.isEmpty()) {
            if (prefixed && radix == 8) t = "0"; // plain "0" handled below; "0_"? rejected above
            else throw new BadValue(PARSE_ERROR);
        }
        for (int i = 0; i < t.length(); i++) {
            if (Character.digit(t.charAt(i), radix) < 0) throw new BadValue(PARSE_ERROR);
        }
        BigInteger v = new BigInteger(t, radix);
        if (neg) v = v.negate();
        BigInteger max = signed ? BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE)
                                : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
        BigInteger min = signed ? BigInteger.ONE.shiftLeft(bits - 1).negate() : BigInteger.ZERO;
        if (v.compareTo(max) > 0 || v.compareTo(min) < 0) throw new BadValue(RANGE_ERROR);
        return v;
    }

    /**
     * Go's rule for digit separators with base 0: an underscore must sit between digits (a base prefix
     * such as 0x counts as a digit) and must not end the number.
     */
    private static boolean underscoreOk(String s) {
        String t = s;
        if (!t.isEmpty() && (t.charAt(0) == '-' || t.charAt(0) == '+')) t = t.substring(1);
        char last = '^';
        int i = 0;
        boolean hex = false;
        if (t.length() >= 2 && t.charAt(0) == '0' && "box".indexOf(Character.toLowerCase(t.charAt(1))) >= 0) {
            hex = Character.toLowerCase(t.charAt(1)) == 'x';
            i = 2;
            last = '0';
        }
        for (; i < t.length(); i++) {
            char c = t.charAt(i);
            if (Character.isDigit(c) || (hex && Character.digit(c, 16) >= 0)) { last = '0'; continue; }
            if (c == '_') {
                if (last != '0') return false;
                last = '_';
                continue;
            }
            if (last == '_') return false;
            last = '!';
        }
        return last != '_';
    }

    // ---- durations: time.ParseDuration ----
    /** Returns nanoseconds. Accepts Go syntax "300ms", "1h2m3.5s", "-1.5h", "0". */
    static long parseDuration(String s) throws BadValue {
        String orig = s;
        if (s.isEmpty()) throw new BadValue(PARSE_ERROR);
        boolean neg = false;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') { neg = s.charAt(0) == '-'; s = s.substring(1); }
        if (s.equals("0")) return 0;
        if (s.isEmpty()) throw new BadValue(PARSE_ERROR);
        java.math.BigDecimal total = java.math.BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
            String intPart = s.substring(start, i);
            String frac = "";
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                int fs = i;
                while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
                frac = s.substring(fs, i);
            }
            if (intPart.isEmpty() && frac.isEmpty()) throw new BadValue(PARSE_ERROR);
            int us = i;
            while (i < s.length() && s.charAt(i) != '.' && !Character.isDigit(s.charAt(i))) i++;
            String unit = s.substring(us, i);
            long mult;
            switch (unit) {
                case "ns": mult = 1L; break;
                case "us": case "\u00b5s": case "\u03bcs": mult = 1_000L; break;
                case "ms": mult = 1_000_000L; break;
                case "s": mult = 1_000_000_000L; break;
                case "m": mult = 60_000_000_000L; break;
                case "h": mult = 3_600_000_000_000L; break;
                default: throw new BadValue(PARSE_ERROR); // missing or unknown unit
            }
            java.math.BigDecimal num = new java.math.BigDecimal((intPart.isEmpty() ? "0" : intPart) + (frac.isEmpty() ? "" : "." + frac));
            total = total.add(num.multiply(java.math.BigDecimal.valueOf(mult)));
        }
        java.math.BigInteger ns = total.toBigInteger();
        if (ns.bitLength() > 63) throw new BadValue(PARSE_ERROR);
        return neg ? -ns.longValueExact() : ns.longValueExact();
    }

    /** Go's time.Duration.String(). */
    public static String formatDuration(long ns) {
        if (ns == 0) return "0s";
        boolean neg = ns < 0;
        java.math.BigInteger u = java.math.BigInteger.valueOf(ns).abs();
        StringBuilder sb = new StringBuilder();
        if (u.compareTo(java.math.BigInteger.valueOf(1_000_000_000L)) < 0) {
            long v = u.longValueExact();
            if (v < 1_000) sb.append(v).append("ns");
            else if (v < 1_000_000) sb.append(frac(v, 1_000)).append("\u00b5s");
            else sb.append(frac(v, 1_000_000)).append("ms");
        } else {
            java.math.BigInteger[] hr = u.divideAndRemainder(java.math.BigInteger.valueOf(3_600_000_000_000L));
            long rest = hr[1].longValueExact();
            long min = rest / 60_000_000_000L;
            long secNs = rest % 60_000_000_000L;
            if (hr[0].signum() > 0) sb.append(hr[0]).append('h');
            if (hr[0].signum() > 0 || min > 0) sb.append(min).append('m');
            sb.append(frac(secNs, 1_000_000_000L)).append('s');
        }
        return (neg ? "-" : "") + sb;
    }

    private static String frac(long v, long unit) {
        long whole = v / unit;
        long rem = v % unit;
        if (rem == 0) return Long.toString(whole);
        String digits = Long.toString(unit + rem).substring(1);
        digits = digits.replaceAll("0+$", "");
        return whole + "." + digits;
    }

    // ---- URLs: types.NewURLs ----
    /** Parses a comma separated URL list like types.NewURLs; the result is sorted by string form. */
    static List<URI> parseUrls(String commaList) throws BadValue {
        List<URI> out = new ArrayList<>();
        for (String part : commaList.split(",", -1)) {
            String in = part.trim();
            URI u;
            try {
                u = new URI(in);
            } catch (URISyntaxException e) {
                throw new BadValue("parse \"" + in + "\": invalid URI (" + e.getReason() + ")");
            }
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("unix") && !scheme.equals("unixs")) {
                throw new BadValue("URL scheme must be http, https, unix, or unixs: " + in);
            }
            String host = u.getRawAuthority();
            if (host != null && host.contains("@")) host = host.substring(host.indexOf('@') + 1);
            if (host == null || !hasHostPortForm(host)) {
                throw new BadValue("URL address does not have the form \"host:port\": " + in);
            }
            if (u.getRawPath() != null && !u.getRawPath().isEmpty()) {
                throw new BadValue("URL must not contain a path: " + in);
            }
            out.add(u);
        }
        out.sort(Comparator.comparing(URI::toString));
        return out;
    }

    /** net.SplitHostPort succeeds. */
    static boolean hasHostPortForm(String hostport) {
        return splitHost(hostport) != null;
    }

    /** Returns the host part as net.SplitHostPort would, or null when the form is invalid. */
    static String splitHost(String hp) {
        if (hp.startsWith("[")) {
            int end = hp.indexOf(']');
            if (end < 0) return null;
            if (end + 1 >= hp.length() || hp.charAt(end + 1) != ':') return null;
            String port = hp.substring(end + 2);
            if (port.contains(":") || port.contains("[") || port.contains("]")) return null;
            return hp.substring(1, end);
        }
        int colon = hp.lastIndexOf(':');
        if (colon < 0) return null;
        String host = hp.substring(0, colon);
        if (host.contains(":") || host.contains("[") || host.contains("]")) return null; // too many colons
        String port = hp.substring(colon + 1);
        if (port.contains("[") || port.contains("]")) return null;
        return host;
    }

    /** net.ParseIP(host) != nil: an IPv4 dotted quad or an IPv6 literal. */
    static boolean isIpLiteral(String host) {
        if (host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            for (String p : host.split("\\.")) {
                if (p.length() > 1 && p.startsWith("0")) return false; // Go rejects leading zeros
                if (Integer.parseInt(p) > 255) return false;
            }
            return true;
        }
        if (host.indexOf(':') >= 0 && host.matches("[0-9A-Fa-f:.]+")) {
            try {
                java.net.InetAddress a = java.net.InetAddress.getByName("[" + host + "]");
                return a != null;
            } catch (java.net.UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    /** Go's %q for a []string: ["a" "b"]. */
    public static String quoteList(List<String> l) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < l.size(); i++) {
            if (i > 0) sb.append(' ');
            sb.append(quote(l.get(i)));
        }
        return sb.append(']').toString();
    }

    /** Go's %q for a string (ASCII subset; enough for messages). */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\t': sb.append("\\t"); break;
                case '\r': sb.append("\\r"); break;
                default:
                    if (c < 0x20 || c == 0x7f) sb.append(String.format("\\x%02x", (int) c));
                    else sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}

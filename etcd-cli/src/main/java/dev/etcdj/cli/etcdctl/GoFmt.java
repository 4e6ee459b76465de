package dev.etcdj.cli.etcdctl;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Formatting helpers that reproduce the textual conventions of Go's standard library used by etcdctl. */
final class GoFmt {
    private GoFmt() {}

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Go's %016x of an int64 (two's complement, as etcdctl prints lease IDs). */
    static String hex16(long v) {
        String s = Long.toHexString(v);
        if (v < 0) {
            // Go prints negative int64 with %x as "-" + hex of magnitude
            s = "-" + Long.toHexString(-v);
            return s.length() >= 16 ? s : "-" + "0".repeat(16 - s.length()) + Long.toHexString(-v);
        }
        return s.length() >= 16 ? s : "0".repeat(16 - s.length()) + s;
    }

    /** Go's %x of a uint64. */
    static String hexU(long v) {
        return Long.toHexString(v);
    }

    /** Go's %16x of a uint64 (space padded). */
    static String hexU16(long v) {
        String s = Long.toHexString(v);
        return s.length() >= 16 ? s : " ".repeat(16 - s.length()) + s;
    }

    /** A uint64 in decimal. */
    static String u64(long v) {
        return Long.toUnsignedString(v);
    }

    /** Raw bytes as a Java string without loss: invalid UTF-8 stays representable via {@link #bytesOut}. */
    static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Go's strconv.Quote (what %q prints for a string). */
    static String quote(byte[] s) {
        StringBuilder sb = new StringBuilder(s.length + 2);
        sb.append('"');
        int i = 0;
        while (i < s.length) {
            int b = s[i] & 0xff;
            if (b < 0x80) {
                appendQuotedRune(sb, b);
                i++;
                continue;
            }
            int[] decoded = decodeRune(s, i);
            if (decoded == null) {
                sb.append("\\x").append(HEX[b >> 4]).append(HEX[b & 15]);
                i++;
            } else {
                appendQuotedRune(sb, decoded[0]);
                i += decoded[1];
            }
        }
        sb.append('"');
        return sb.toString();
    }

    static String quote(String s) {
        return quote(s.getBytes(StandardCharsets.UTF_8));
    }

    private static void appendQuotedRune(StringBuilder sb, int r) {
        switch (r) {
            case '"' -> sb.append("\\\"");
            case '\\' -> sb.append("\\\\");
            case 7 -> sb.append("\\a");
            case '\b' -> sb.append("\\b");
            case '\f' -> sb.append("\\f");
            case '\n' -> sb.append("\\n");
            case '\r' -> sb.append("\\r");
            case '\t' -> sb.append("\\t");
            case 11 -> sb.append("\\v");
            default -> {
                if (isPrint(r)) {
                    sb.appendCodePoint(r);
                } else if (r < 0x80 || r == 0x7f) {
                    sb.append("\\x").append(HEX[(r >> 4) & 15]).append(HEX[r & 15]);
                } else if (r < 0x10000) {
                    sb.append(String.format("\\u%04x", r));
                } else {
                    sb.append(String.format("\\U%08x", r));
                }
            }
        }
    }

    /** Approximation of Go's unicode.IsPrint. */
    static boolean isPrint(int r) {
        if (r < 0x20 || r == 0x7f) {
            return false;
        }
        if (r < 0x7f) {
            return true;
        }
        if (r >= 0x80 && r < 0xa0) {
            return false;
        }
        if (r == 0xad) {
            return false;
        }
        int t = Character.getType(r);
        return switch (t) {
            case Character.UNASSIGNED, Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE,
                 Character.SURROGATE, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            case Character.SPACE_SEPARATOR -> r == 0x20;
            default -> true;
        };
    }

    /** Decodes one UTF-8 rune at i; returns {rune, length} or null when invalid. */
    static int[] decodeRune(byte[] s, int i) {
        int b0 = s[i] & 0xff;
        int n;
        int min;
        int r;
        if (b0 >= 0xc2 && b0 <= 0xdf) {
            n = 2;
            r = b0 & 0x1f;
            min = 0x80;
        } else if (b0 >= 0xe0 && b0 <= 0xef) {
            n = 3;
            r = b0 & 0x0f;
            min = 0x800;
        } else if (b0 >= 0xf0 && b0 <= 0xf4) {
            n = 4;
            r = b0 & 0x07;
            min = 0x10000;
        } else {
            return null;
        }
        if (i + n > s.length) {
            return null;
        }
        for (int k = 1; k < n; k++) {
            int b = s[i + k] & 0xff;
            if ((b & 0xc0) != 0x80) {
                return null;
            }
            r = (r << 6) | (b & 0x3f);
        }
        if (r < min || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) {
            return null;
        }
        return new int[] {r, n};
    }

    /** Go's encoding/json string encoding (with HTML escaping, invalid UTF-8 replaced by U+FFFD). */
    static void jsonString(StringBuilder sb, String s) {
        jsonString(sb, s.getBytes(StandardCharsets.UTF_8));
    }

    static void jsonString(StringBuilder sb, byte[] s) {
        sb.append('"');
        int i = 0;
        while (i < s.length) {
            int b = s[i] & 0xff;
            if (b < 0x80) {
                if (b >= 0x20 && b != '"' && b != '\\' && b != '<' && b != '>' && b != '&') {
                    sb.append((char) b);
                } else {
                    switch (b) {
                        case '"' -> sb.append("\\\"");
                        case '\\' -> sb.append("\\\\");
                        case '\n' -> sb.append("\\n");
                        case '\r' -> sb.append("\\r");
                        case '\t' -> sb.append("\\t");
                        default -> sb.append("\\u00").append(HEX[b >> 4]).append(HEX[b & 15]);
                    }
                }
                i++;
                continue;
            }
            int[] d = decodeRune(s, i);
            if (d == null) {
                sb.append("\\ufffd");
                i++;
                continue;
            }
            if (d[0] == 0x2028 || d[0] == 0x2029) {
                sb.append(String.format("\\u%04x", d[0]));
            } else {
                sb.appendCodePoint(d[0]);
            }
            i += d[1];
        }
        sb.append('"');
    }

    /** etcdctl's --hex rendering: every byte as \xNN. */
    static String hexEscaped(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length * 4);
        for (byte x : b) {
            sb.append("\\x").append(HEX[(x >> 4) & 15]).append(HEX[x & 15]);
        }
        return sb.toString();
    }

    /** Go's time.Duration.String(). */
    static String duration(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        boolean neg = nanos < 0;
        long u = Math.abs(nanos);
        String body;
        if (u < 1_000L) {
            body = u + "ns";
        } else if (u < 1_000_000L) {
            body = frac(u, 3) + "\u00b5s";
        } else if (u < 1_000_000_000L) {
            body = frac(u, 6) + "ms";
        } else {
            long secsPart = u % 60_000_000_000L;
            String s = frac(secsPart, 9) + "s";
            long mins = u / 60_000_000_000L;
            if (mins == 0) {
                body = s;
            } else {
                long h = mins / 60;
                long m = mins % 60;
                body = (h > 0 ? h + "h" : "") + m + "m" + s;
            }
        }
        return neg ? "-" + body : body;
    }

    /** v / 10^digits with trailing zeros of the fraction removed. */
    private static String frac(long v, int digits) {
        long pow = 1;
        for (int i = 0; i < digits; i++) {
            pow *= 10;
        }
        long ip = v / pow;
        long fp = v % pow;
        if (fp == 0) {
            return Long.toString(ip);
        }
        String f = String.format("%0" + digits + "d", fp);
        int end = f.length();
        while (end > 0 && f.charAt(end - 1) == '0') {
            end--;
        }
        return ip + "." + f.substring(0, end);
    }

    /** Parses a Go duration string ("2s", "1m30s", "500ms", "1.5h"); returns nanoseconds. */
    static long parseDuration(String s) {
        String orig = s;
        if (s.isEmpty()) {
            throw new IllegalArgumentException("time: invalid duration " + quote(orig));
        }
        boolean neg = false;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            neg = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return 0;
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("time: invalid duration " + quote(orig));
        }
        double total = 0;
        int i = 0;
        while (i < s.length()) {
            int st = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            if (st == i) {
                throw new IllegalArgumentException("time: invalid duration " + quote(orig));
            }
            double num;
            try {
                num = Double.parseDouble(s.substring(st, i));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("time: invalid duration " + quote(orig));
            }
            int us = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            String unit = s.substring(us, i);
            double mult = switch (unit) {
                case "ns" -> 1;
                case "us", "\u00b5s", "\u03bcs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                case "h" -> 3600e9;
                case "" -> throw new IllegalArgumentException("time: missing unit in duration " + quote(orig));
                default -> throw new IllegalArgumentException("time: unknown unit " + quote(unit) + " in duration " + quote(orig));
            };
            total += num * mult;
        }
        long r = (long) total;
        return neg ? -r : r;
    }

    /** go-humanize's Bytes (SI units). */
    static String humanBytes(long s) {
        if (s < 10) {
            return s + " B";
        }
        String[] sizes = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
        double e = Math.floor(Math.log(s) / Math.log(1000));
        String suffix = sizes[(int) e];
        double val = Math.floor(s / Math.pow(1000, e) * 10 + 0.5) / 10;
        if (val < 10) {
            return String.format(Locale.ROOT, "%.1f %s", val, suffix);
        }
        // Go rounds half to even on the exact binary value
        return new java.math.BigDecimal(val).setScale(0, java.math.RoundingMode.HALF_EVEN).toPlainString() + " " + suffix;
    }

    /** True when the bytes are valid UTF-8. */
    static boolean validUtf8(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}

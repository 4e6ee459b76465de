package dev.etcdj.cli.etcdctl;

import java.util.List;
import java.util.Locale;

/** The table layout etcdctl gets from tablewriter: upper-case centred header, right-aligned cells. */
final class Table {
    private Table() {}

    static String render(String[] header, List<String[]> rows) {
        int n = header.length;
        int[] w = new int[n];
        String[] hdr = new String[n];
        for (int i = 0; i < n; i++) {
            hdr[i] = header[i].toUpperCase(Locale.ROOT);
            w[i] = width(hdr[i]);
        }
        for (String[] r : rows) {
            for (int i = 0; i < n; i++) {
                w[i] = Math.max(w[i], width(r[i]));
            }
        }
        StringBuilder line = new StringBuilder("+");
        for (int i = 0; i < n; i++) {
            line.append("-".repeat(w[i] + 2)).append('+');
        }
        line.append('\n');
        StringBuilder sb = new StringBuilder();
        sb.append(line);
        sb.append('|');
        for (int i = 0; i < n; i++) {
            int pad = w[i] - width(hdr[i]);
            int left = pad / 2;
            sb.append(' ').append(" ".repeat(left)).append(hdr[i]).append(" ".repeat(pad - left)).append(" |");
        }
        sb.append('\n').append(line);
        for (String[] r : rows) {
            sb.append('|');
            for (int i = 0; i < n; i++) {
                sb.append(' ').append(" ".repeat(w[i] - width(r[i]))).append(r[i]).append(" |");
            }
            sb.append('\n');
        }
        sb.append(line);
        return sb.toString();
    }

    private static int width(String s) {
        return s.codePointCount(0, s.length());
    }
}

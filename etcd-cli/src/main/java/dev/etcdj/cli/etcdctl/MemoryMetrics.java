package dev.etcdj.cli.etcdctl;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** The resident memory a member reports on its /metrics page, read as etcdctl's check datascale does. */
final class MemoryMetrics {
    private static final String RESIDENT = "process_resident_memory_bytes";

    private MemoryMetrics() {}

    /** The figure in bytes, or 0 after printing why it could not be read (etcdctl's behaviour). */
    static double residentBytes(String endpoint, Globals g, Out out) {
        String host = endpoint.startsWith("http://") || endpoint.startsWith("https://") ? endpoint : "http://" + endpoint;
        String url = host + "/metrics";
        String text;
        try {
            HttpURLConnection conn = (HttpURLConnection) URI.create(url).toURL().openConnection();
            if (conn instanceof javax.net.ssl.HttpsURLConnection https) {
                https.setSSLSocketFactory(MetricsTls.socketFactory(g));
                if (g.insecureSkipVerify) {
                    https.setHostnameVerifier((name, session) -> true);
                }
            }
            try (InputStream in = conn.getInputStream()) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException | IllegalArgumentException e) {
            out.println("fetch error: " + e.getMessage());
            return 0;
        } catch (java.security.GeneralSecurityException e) {
            out.println("client certificate error: " + e.getMessage());
            return 0;
        }
        String value = null;
        for (String line : text.split("\n")) {
            if (line.startsWith(RESIDENT)) {
                value = line.substring(RESIDENT.length()).trim();
                break;
            }
        }
        if (value == null) {
            out.println("could not find: " + RESIDENT);
            return 0;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            out.println("parse error: " + e.getMessage());
            return 0;
        }
    }
}

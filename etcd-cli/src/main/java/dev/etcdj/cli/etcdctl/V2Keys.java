package dev.etcdj.cli.etcdctl;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * etcdctl's v2 key commands over the v2 keys API ({@code /v2/keys}): set, mk, mkdir, setdir, update,
 * updatedir, get, ls, rm, rmdir and watch, printed as etcdctl 3.4 prints them.
 */
final class V2Keys {
    private final V2Session s;

    V2Keys(V2Session s) {
        this.s = s;
    }

    private static final String FORM = "application/x-www-form-urlencoded";

    /** set, mk, update: a key with a value (from the arguments or stdin). */
    void setValue(String prevExist, boolean inOrder) throws Exception {
        String key = s.arg(0, "key required");
        String value = valueArg(s.flags.args, s.in);
        Map<String, String> q = new TreeMap<>();
        Map<String, String> form = new TreeMap<>();
        form.put("value", value);
        if (!s.flags.string("swap-with-value").isEmpty()) {
            q.put("prevValue", s.flags.string("swap-with-value"));
        }
        if (!s.flags.string("swap-with-index").isEmpty() && !s.flags.string("swap-with-index").equals("0")) {
            q.put("prevIndex", s.flags.string("swap-with-index"));
        }
        if (prevExist != null) {
            q.put("prevExist", prevExist);
        }
        ttl(form);
        V2Http.Response r = s.http().send(inOrder ? "POST" : "PUT", keyPath(key, q), FORM, encode(form), false);
        print(check(r));
    }

    /** mkdir, setdir, updatedir: a directory, printed only outside the simple format. */
    void setDir(String prevExist) throws Exception {
        String key = s.arg(0, "key required");
        Map<String, String> q = new TreeMap<>();
        q.put("dir", "true");
        if (prevExist != null) {
            q.put("prevExist", prevExist);
        }
        Map<String, String> form = new TreeMap<>();
        ttl(form);
        JsonNode resp = check(s.http().send("PUT", keyPath(key, q), FORM, encode(form), false));
        if (!s.output().equals("simple")) {
            print(resp);
        }
    }

    void get() throws Exception {
        String key = s.arg(0, "key required");
        JsonNode resp = check(s.http().send("GET", keyPath(key, readParams(false)), null, null, false));
        if (resp.path("node").path("dir").asBoolean()) {
            throw new V2Exit(1, resp.path("node").path("key").asText() + ": is a directory");
        }
        print(resp);
    }

    void ls() throws Exception {
        String key = s.flags.args.isEmpty() ? "/" : s.flags.args.get(0);
        JsonNode resp = check(s.http().send("GET", keyPath(key, readParams(s.flags.bool("recursive"))), null, null,
                false));
        if (!s.output().equals("simple")) {
            print(resp);
            return;
        }
        JsonNode node = resp.path("node");
        if (!node.path("dir").asBoolean()) {
            s.out.println(node.path("key").asText());
        }
        for (JsonNode n : node.path("nodes")) {
            lsNode(n);
        }
    }

    private void lsNode(JsonNode n) {
        boolean dir = n.path("dir").asBoolean();
        s.out.println(n.path("key").asText() + (dir && s.flags.bool("p") ? "/" : ""));
        for (JsonNode c : n.path("nodes")) {
            lsNode(c);
        }
    }

    /** rm and rmdir: a deleted directory is printed only outside the simple format. */
    void rm(boolean rmdir) throws Exception {
        String key = s.arg(0, "key required");
        Map<String, String> q = new TreeMap<>();
        if (rmdir || s.flags.bool("dir")) {
            q.put("dir", "true");
        }
        if (!rmdir) {
            if (s.flags.bool("recursive")) {
                q.put("recursive", "true");
            }
            if (!s.flags.string("with-value").isEmpty()) {
                q.put("prevValue", s.flags.string("with-value"));
            }
            if (s.flags.integer("with-index") != 0) {
                q.put("prevIndex", s.flags.string("with-index"));
            }
        }
        JsonNode resp = check(s.http().send("DELETE", keyPath(key, q), null, null, false));
        if (!resp.path("node").path("dir").asBoolean() || !s.output().equals("simple")) {
            print(resp);
        }
    }

    /** Waits for the next change (or, with --forever, every change) of a key. */
    void watch() throws Exception {
        String key = s.arg(0, "key required");
        boolean recursive = s.flags.bool("recursive");
        long next = s.flags.integer("after-index") + 1;
        if (s.flags.integer("after-index") == 0) {
            next = 0;
        }
        while (true) {
            Map<String, String> q = new TreeMap<>();
            q.put("recursive", String.valueOf(recursive));
            q.put("wait", "true");
            if (next > 0) {
                q.put("waitIndex", Long.toUnsignedString(next));
            }
            V2Http.Response r = s.http().send("GET", keyPath(key, q), null, null, true);
            if ((r.status() == 200 || r.status() == 201) && r.body().isEmpty()) {
                continue; // the server closed an idle wait: ask again
            }
            JsonNode resp = check(r);
            JsonNode node = resp.path("node");
            next = node.path("modifiedIndex").asLong() + 1;
            if (node.path("dir").asBoolean()) {
                continue;
            }
            if (recursive) {
                s.out.println("[" + resp.path("action").asText() + "] " + node.path("key").asText());
            }
            print(resp);
            s.out.flush();
            if (!s.flags.bool("forever")) {
                return;
            }
        }
    }

    private Map<String, String> readParams(boolean recursive) {
        Map<String, String> q = new TreeMap<>();
        q.put("quorum", String.valueOf(s.flags.bool("quorum")));
        q.put("recursive", String.valueOf(recursive));
        q.put("sorted", String.valueOf(s.flags.bool("sort")));
        return q;
    }

    private void ttl(Map<String, String> form) {
        long ttl = s.flags.integer("ttl");
        if (ttl > 0) {
            form.put("ttl", Long.toString(ttl));
        }
    }

    /** The answer's JSON, or etcd's v2 error ended the Go client's way ("Error:  105: ... (cause) [index]"). */
    private JsonNode check(V2Http.Response r) {
        JsonNode doc = keysJson(r);
        s.lastIndex = r.etcdIndex();
        if (r.status() == 200 || r.status() == 201) {
            return doc;
        }
        throw new V2Exit(V2Exit.SERVER_ERROR, "Error:  " + doc.path("errorCode").asInt() + ": "
                + doc.path("message").asText() + " (" + doc.path("cause").asText() + ") [" + doc.path("index").asLong()
                + "]");
    }

    /**
     * The keys API's JSON object. Anything else (e.g. the plain 404 of a server without the v2 API) is the Go
     * client's ErrInvalidJSON; an empty success is its ErrEmptyBody.
     */
    private static JsonNode keysJson(V2Http.Response r) {
        if ((r.status() == 200 || r.status() == 201) && r.body().isEmpty()) {
            throw new V2Exit(V2Exit.SERVER_ERROR, "Error:  client: response body is empty");
        }
        JsonNode doc;
        try {
            doc = V2Http.JSON.readTree(r.body());
        } catch (IOException e) {
            doc = null;
        }
        if (doc == null || !doc.isObject()) {
            throw new V2Exit(V2Exit.SERVER_ERROR, "Error:  client: response is invalid json. The endpoint is probably"
                    + " not valid etcd cluster endpoint");
        }
        return doc;
    }

    /** etcdctl's printResponseKey. */
    private void print(JsonNode resp) {
        JsonNode node = resp.path("node");
        String action = resp.path("action").asText();
        switch (s.output()) {
            case "simple" -> {
                if (!action.equals("delete")) {
                    s.out.println(node.path("value").asText());
                } else {
                    s.out.println("PrevNode.Value: " + resp.path("prevNode").path("value").asText());
                }
            }
            case "extended" -> {
                s.out.println("Key: " + node.path("key").asText());
                s.out.println("Created-Index: " + node.path("createdIndex").asLong());
                s.out.println("Modified-Index: " + node.path("modifiedIndex").asLong());
                if (resp.hasNonNull("prevNode")) {
                    s.out.println("PrevNode.Value: " + resp.path("prevNode").path("value").asText());
                }
                s.out.println("TTL: " + node.path("ttl").asLong());
                s.out.println("Index: " + s.lastIndex);
                if (!action.equals("delete")) {
                    s.out.println();
                    s.out.println(node.path("value").asText());
                }
            }
            case "json" -> s.out.println(V2Json.response(resp));
            default -> s.err.println("Unsupported output format: " + s.output());
        }
    }

    /** argOrStdin: the value argument, or all of stdin when there is none. */
    static String valueArg(java.util.List<String> args, InputStream in) throws IOException {
        if (args.size() > 1) {
            return args.get(1);
        }
        String v = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (v.isEmpty()) {
            throw new V2Exit(V2Exit.BAD_ARGS, "Error:  value required");
        }
        return v;
    }

    /** /v2/keys/{key} cleaned the way etcd's pathutil.CanonicalURLPath does, with an encoded query. */
    static String keyPath(String key, Map<String, String> query) {
        String p = canonical("/v2/keys" + (key.startsWith("/") ? "" : "/") + key);
        try {
            String path = new URI(null, null, p, null).getRawPath();
            return query.isEmpty() ? path : path + "?" + encode(query);
        } catch (URISyntaxException e) {
            throw new V2Exit(V2Exit.BAD_ARGS, "Error:  " + e.getMessage());
        }
    }

    static String canonical(String p) {
        StringBuilder out = new StringBuilder();
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (String seg : p.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(seg);
            }
        }
        for (String seg : parts) {
            out.append('/').append(seg);
        }
        if (out.length() == 0) {
            return "/";
        }
        return p.endsWith("/") ? out + "/" : out.toString();
    }

    static String encode(Map<String, String> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return sb.toString();
    }
}

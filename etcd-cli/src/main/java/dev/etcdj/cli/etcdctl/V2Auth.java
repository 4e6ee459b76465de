package dev.etcdj.cli.etcdctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** etcdctl's v2 user, role and auth commands over etcd's v2 auth API ({@code /v2/auth}). */
final class V2Auth {
    private static final String JSON_TYPE = "application/json";
    private final V2Session s;

    V2Auth(V2Session s) {
        this.s = s;
    }

    // ------------------------------------------------------------------------------------------ auth

    void enable(boolean on) throws Exception {
        noArgs();
        V2Http.Response r = call(on ? "PUT" : "DELETE", "/v2/auth/enable", null);
        expect(r, 200, 201);
        s.out.println(on ? "Authentication Enabled" : "Authentication Disabled");
    }

    // ------------------------------------------------------------------------------------------ users

    void userList() throws Exception {
        noArgs();
        V2Http.Response r = call("GET", "/v2/auth/users", null);
        expect(r, 200);
        for (JsonNode u : r.json().path("users")) {
            s.out.println(u.isTextual() ? u.asText() : u.path("user").asText());
        }
    }

    void userAdd() throws Exception {
        String arg = name("Please provide a username");
        int colon = arg.indexOf(':');
        String user = colon < 0 ? arg : arg.substring(0, colon);
        String pass = colon < 0 ? readPassword(s.in, s.err, "New password: ") : arg.substring(colon + 1);
        ObjectNode body = V2Http.JSON.createObjectNode().put("user", user).put("password", pass);
        body.putNull("roles");
        expect(call("PUT", users(user), body), 200, 201);
        s.out.println("User " + user + " created");
    }

    void userRemove() throws Exception {
        String user = name("Please provide a username");
        expect(call("DELETE", users(user), null), 200, 201);
        s.out.println("User " + user + " removed");
    }

    void userPasswd() throws Exception {
        String user = name("Please provide a username");
        String pass = readPassword(s.in, s.err, "New password: ");
        ObjectNode body = V2Http.JSON.createObjectNode().put("user", user).put("password", pass);
        body.putNull("roles");
        expect(call("PUT", users(user), body), 200);
        s.out.println("Password updated");
    }

    void userGrantRevoke(boolean grant) throws Exception {
        List<String> roles = s.flags.slice("roles");
        if (roles.isEmpty()) {
            throw new V2Exit(1, "No roles specified; please use `--roles`");
        }
        String user = name("Please provide a username");
        ObjectNode body = V2Http.JSON.createObjectNode().put("user", user);
        body.putNull("roles");
        ArrayNode list = body.putArray(grant ? "grant" : "revoke");
        roles.forEach(list::add);
        expect(call("PUT", users(user), body), 200);
        s.out.println("User " + user + " updated");
    }

    void userGet() throws Exception {
        String user = name("Please provide a username");
        V2Http.Response r = call("GET", users(user), null);
        expect(r, 200);
        JsonNode doc = r.json();
        List<String> roles = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (JsonNode role : doc.path("roles")) {
            if (role.isTextual()) {
                roles.add(role.asText());
            } else {
                // the Go client first decodes role objects into strings (each left empty), then appends the names
                roles.add("");
                names.add(role.path("role").asText());
            }
        }
        roles.addAll(names);
        s.out.println("User: " + doc.path("user").asText());
        s.out.println("Roles: " + String.join(" ", roles));
    }

    // ------------------------------------------------------------------------------------------ roles

    void roleList() throws Exception {
        noArgs();
        V2Http.Response r = call("GET", "/v2/auth/roles", null);
        expect(r, 200);
        for (JsonNode role : r.json().path("roles")) {
            s.out.println(role.isTextual() ? role.asText() : role.path("role").asText());
        }
    }

    void roleAdd() throws Exception {
        String role = name("Please provide a role name");
        if (getRole(role) != null) {
            throw new V2Exit(1, "Role " + role + " already exists");
        }
        ObjectNode body = V2Http.JSON.createObjectNode().put("role", role);
        permissions(body.putObject("permissions"), null, null);
        expect(call("PUT", roles(role), body), 200, 201);
        s.out.println("Role " + role + " created");
    }

    void roleRemove() throws Exception {
        String role = name("Please provide a role name");
        expect(call("DELETE", roles(role), null), 200, 201);
        s.out.println("Role " + role + " removed");
    }

    void roleGet() throws Exception {
        String role = name("Please provide a role name");
        V2Http.Response r = call("GET", roles(role), null);
        expect(r, 200);
        JsonNode kv = r.json().path("permissions").path("kv");
        s.out.println("Role: " + r.json().path("role").asText());
        s.out.println("KV Read:");
        for (JsonNode p : kv.path("read")) {
            s.out.println("\t" + p.asText());
        }
        s.out.println("KV Write:");
        for (JsonNode p : kv.path("write")) {
            s.out.println("\t" + p.asText());
        }
    }

    void roleGrantRevoke(boolean grant) throws Exception {
        String path = s.flags.string("path");
        if (path.isEmpty()) {
            throw new V2Exit(1, "No path specified; please use `--path`");
        }
        String canonical = V2Keys.canonical(path);
        if (!canonical.equals(path)) {
            throw new V2Exit(1, "Not canonical path; please use `--path=" + canonical + "`");
        }
        boolean read = s.flags.bool("read");
        boolean write = s.flags.bool("write");
        boolean rw = s.flags.bool("readwrite");
        if ((read ? 1 : 0) + (write ? 1 : 0) + (rw ? 1 : 0) != 1) {
            throw new V2Exit(1, "Please specify exactly one of --read, --write or --readwrite");
        }
        String role = name("Please provide a role name");
        JsonNode current = getRole(role);
        if (current == null) {
            throw new V2Exit(1, lastError);
        }
        ObjectNode body = V2Http.JSON.createObjectNode().put("role", role);
        permissions(body.putObject("permissions"), null, null);
        permissions(body.putObject(grant ? "grant" : "revoke"), read || rw ? path : null, write || rw ? path : null);
        V2Http.Response r = call("PUT", roles(role), body);
        expect(r, 200);
        if (r.json().equals(current)) {
            s.out.print(grant ? "Role unchanged; already granted" : "Role unchanged; already revoked");
        }
        s.out.println("Role " + role + " updated");
    }

    private static void permissions(ObjectNode perms, String read, String write) {
        ObjectNode kv = perms.putObject("kv");
        if (read == null) {
            kv.putNull("read");
        } else {
            kv.putArray("read").add(read);
        }
        if (write == null) {
            kv.putNull("write");
        } else {
            kv.putArray("write").add(write);
        }
    }

    private String lastError;

    private JsonNode getRole(String role) throws Exception {
        V2Http.Response r = call("GET", roles(role), null);
        if (r.status() != 200) {
            lastError = errorText(r);
            return null;
        }
        return r.json();
    }

    // ------------------------------------------------------------------------------------------ plumbing

    private V2Http.Response call(String method, String path, JsonNode body) throws Exception {
        try {
            return s.http().send(method, path, body == null ? null : JSON_TYPE, body == null ? null : body.toString(),
                    false);
        } catch (V2Http.ClusterError e) {
            throw new V2Exit(1, e.getMessage());
        } catch (V2Http.DeadlineExceeded e) {
            throw new V2Exit(1, e.getMessage());
        }
    }

    /** Anything but the expected statuses ends the command with the server's message (authError). */
    private static void expect(V2Http.Response r, int... ok) {
        for (int code : ok) {
            if (r.status() == code) {
                return;
            }
        }
        throw new V2Exit(1, errorText(r));
    }

    private static String errorText(V2Http.Response r) {
        try {
            return V2Http.JSON.readTree(r.body()).path("message").asText();
        } catch (IOException e) {
            return "invalid character in the server's answer: " + r.body().strip();
        }
    }

    private void noArgs() {
        if (!s.flags.args.isEmpty()) {
            throw new V2Exit(1, "No arguments accepted");
        }
    }

    private String name(String missing) {
        if (s.flags.args.size() != 1) {
            throw new V2Exit(1, missing);
        }
        return s.flags.args.get(0);
    }

    private static String users(String name) {
        return "/v2/auth/users/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String roles(String name) {
        return "/v2/auth/roles/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Reads a password from the terminal without echo, or a line of stdin when there is no terminal. */
    static String readPassword(InputStream in, Out err, String prompt) {
        Console c = System.console();
        if (c != null) {
            char[] p = c.readPassword("%s", prompt);
            return p == null ? "" : new String(p);
        }
        err.print(prompt);
        err.flush();
        try {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                line.write(b);
            }
            return line.toString(StandardCharsets.UTF_8).replaceAll("\r$", "");
        } catch (IOException e) {
            throw new V2Exit(1, "Error reading password: " + e.getMessage());
        }
    }
}

package dev.etcdj.cli.etcdctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** etcdctl's v2 member commands over {@code /v2/members}, and cluster-health. */
final class V2Members {
    private static final String JSON_TYPE = "application/json";
    private final V2Session s;

    V2Members(V2Session s) {
        this.s = s;
    }

    private List<JsonNode> list(V2Http http) throws Exception {
        V2Http.Response r = http.send("GET", "/v2/members", null, null, false);
        if (r.status() != 200) {
            throw new V2Exit(1, "unexpected status code " + r.status());
        }
        List<JsonNode> out = new ArrayList<>();
        r.json().path("members").forEach(out::add);
        return out;
    }

    void memberList() throws Exception {
        if (!s.flags.args.isEmpty()) {
            throw new V2Exit(1, "No arguments accepted");
        }
        V2Http http = client();
        List<JsonNode> members = list(http);
        V2Http.Response lr = http.send("GET", "/v2/members/leader", null, null, false);
        if (lr.status() != 200) {
            throw new V2Exit(1, "Failed to get leader:  unexpected status code " + lr.status());
        }
        String leader = lr.json().path("id").asText();
        for (JsonNode m : members) {
            String id = m.path("id").asText();
            if (m.path("name").asText().isEmpty()) {
                s.out.println(id + "[unstarted]: peerURLs=" + join(m.path("peerURLs")));
            } else {
                s.out.println(id + ": name=" + m.path("name").asText() + " peerURLs=" + join(m.path("peerURLs"))
                        + " clientURLs=" + join(m.path("clientURLs")) + " isLeader=" + id.equals(leader));
            }
        }
    }

    void memberAdd() throws Exception {
        if (s.flags.args.size() != 2) {
            throw new V2Exit(1, "Provide a name and a single member peerURL");
        }
        String name = s.flags.args.get(0);
        V2Http http = client();
        ObjectNode body = V2Http.JSON.createObjectNode();
        body.putArray("peerURLs").add(s.flags.args.get(1));
        V2Http.Response r = http.send("POST", "/v2/members", JSON_TYPE, body.toString(), false);
        if (r.status() != 201) {
            throw new V2Exit(1, errorText(r));
        }
        String newId = r.json().path("id").asText();
        s.out.println("Added member named " + name + " with ID " + newId + " to cluster");
        List<String> conf = new ArrayList<>();
        for (JsonNode m : list(http)) {
            for (JsonNode u : m.path("peerURLs")) {
                String n = m.path("id").asText().equals(newId) ? name : m.path("name").asText();
                conf.add(n + "=" + u.asText());
            }
        }
        s.out.println();
        s.out.println("ETCD_NAME=" + GoFmt.quote(name));
        s.out.println("ETCD_INITIAL_CLUSTER=" + GoFmt.quote(String.join(",", conf)));
        s.out.println("ETCD_INITIAL_CLUSTER_STATE=\"existing\"");
    }

    void memberRemove() throws Exception {
        if (s.flags.args.size() != 1) {
            throw new V2Exit(1, "Provide a single member ID");
        }
        String id = s.flags.args.get(0);
        V2Http http = client();
        boolean found = false;
        for (JsonNode m : list(http)) {
            found |= m.path("id").asText().equals(id);
            if (m.path("name").asText().equals(id)) {
                s.err.print("Found a member named " + id + "; if this is correct, please use its ID, eg:\n\tetcdctl member remove "
                        + m.path("id").asText() + "\nFor more details, read the documentation at https://github.com/etcd-io/etcd/blob/master/Documentation/runtime-configuration.md#remove-a-member\n\n");
            }
        }
        if (!found) {
            throw new V2Exit(1, "Couldn't find a member in the cluster with an ID of " + id + ".");
        }
        V2Http.Response r = http.send("DELETE", "/v2/members/" + id, null, null, false);
        if (r.status() != 204) {
            s.err.print("Received an error trying to remove member " + id + ": " + errorText(r));
            throw new V2Exit(1, null);
        }
        s.out.println("Removed member " + id + " from cluster");
    }

    void memberUpdate() throws Exception {
        if (s.flags.args.size() != 2) {
            throw new V2Exit(1, "Provide an ID and a list of comma separated peerURL (0xabcd http://example.com,http://example1.com)");
        }
        String id = s.flags.args.get(0);
        ObjectNode body = V2Http.JSON.createObjectNode();
        for (String u : s.flags.args.get(1).split(",")) {
            body.withArray("peerURLs").add(u);
        }
        V2Http.Response r = client().send("PUT", "/v2/members/" + id, JSON_TYPE, body.toString(), false);
        if (r.status() != 204) {
            throw new V2Exit(1, errorText(r));
        }
        s.out.println("Updated member with ID " + id + " in cluster");
    }

    /** Asks every member's /health over its client URLs; exit 5 unless all are healthy. */
    void clusterHealth() throws Exception {
        V2Http http = s.http(false);
        List<JsonNode> members;
        try {
            members = list(http);
        } catch (V2Http.ClusterError e) {
            s.out.println("cluster may be unhealthy: failed to list members");
            throw new V2Exit(V2Exit.SERVER_ERROR, "Error:  " + e.getMessage() + "\n" + e.detail());
        }
        while (true) {
            int healthy = 0;
            for (JsonNode m : members) {
                String id = m.path("id").asText();
                List<String> urls = new ArrayList<>();
                m.path("clientURLs").forEach(u -> urls.add(u.asText()));
                if (urls.isEmpty()) {
                    s.out.println("member " + id + " is unreachable: no available published client urls");
                    continue;
                }
                boolean checked = false;
                for (String url : urls) {
                    String body;
                    try {
                        body = http.get(url + "/health");
                    } catch (IOException e) {
                        s.out.println("failed to check the health of member " + id + " on " + url + ": Get \"" + url
                                + "/health\": " + goError(e, url));
                        continue;
                    }
                    JsonNode h;
                    try {
                        h = V2Http.JSON.readTree(body);
                    } catch (IOException e) {
                        s.out.println("failed to check the health of member " + id + " on " + url + ": " + e.getMessage());
                        continue;
                    }
                    checked = true;
                    JsonNode v = h.path("health");
                    if (v.asText().equals("true") || v.asBoolean()) {
                        s.out.println("member " + id + " is healthy: got healthy result from " + url);
                        healthy++;
                    } else {
                        s.out.println("member " + id + " is unhealthy: got unhealthy result from " + url);
                    }
                    break;
                }
                if (!checked) {
                    s.out.println("member " + id + " is unreachable: [" + String.join(" ", urls) + "] are all unreachable");
                }
            }
            s.out.println(healthy == members.size() ? "cluster is healthy" : healthy == 0 ? "cluster is unavailable"
                    : "cluster is degraded");
            if (!s.flags.bool("forever")) {
                if (healthy != members.size()) {
                    throw new V2Exit(V2Exit.CLUSTER_NOT_HEALTHY, null);
                }
                return;
            }
            s.out.print("\nnext check after 10 second...\n\n");
            s.out.flush();
            Thread.sleep(10_000);
        }
    }

    private static String goError(IOException e, String url) {
        if (e instanceof java.net.ConnectException) {
            return "dial tcp " + URI.create(url).getAuthority() + ": connect: connection refused";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private V2Http client() throws Exception {
        return s.http();
    }

    private static String join(JsonNode arr) {
        List<String> out = new ArrayList<>();
        arr.forEach(u -> out.add(u.asText()));
        return String.join(",", out);
    }

    private static String errorText(V2Http.Response r) {
        try {
            JsonNode d = V2Http.JSON.readTree(r.body());
            return d.path("message").asText();
        } catch (IOException e) {
            return r.body().strip();
        }
    }
}

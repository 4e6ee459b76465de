package dev.etcdj.cli.etcdctl;

import com.fasterxml.jackson.databind.JsonNode;

/** The v2 Go client's structs as etcdctl's {@code -o json} marshals them: Go's field order and omissions. */
final class V2Json {
    private V2Json() {}

    /** client.Response: action, node, prevNode. */
    static String response(JsonNode resp) {
        StringBuilder sb = new StringBuilder("{\"action\":");
        GoFmt.jsonString(sb, resp.path("action").asText());
        sb.append(",\"node\":");
        node(sb, resp.get("node"));
        sb.append(",\"prevNode\":");
        node(sb, resp.get("prevNode"));
        return sb.append('}').toString();
    }

    private static void node(StringBuilder sb, JsonNode n) {
        if (n == null || n.isNull()) {
            sb.append("null");
            return;
        }
        sb.append("{\"key\":");
        GoFmt.jsonString(sb, n.path("key").asText());
        if (n.path("dir").asBoolean()) {
            sb.append(",\"dir\":true");
        }
        sb.append(",\"value\":");
        GoFmt.jsonString(sb, n.path("value").asText());
        sb.append(",\"nodes\":");
        JsonNode nodes = n.get("nodes");
        if (nodes == null || nodes.isNull()) {
            sb.append("null");
        } else {
            sb.append('[');
            for (int i = 0; i < nodes.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                node(sb, nodes.get(i));
            }
            sb.append(']');
        }
        sb.append(",\"createdIndex\":").append(n.path("createdIndex").asLong());
        sb.append(",\"modifiedIndex\":").append(n.path("modifiedIndex").asLong());
        if (n.hasNonNull("expiration")) {
            sb.append(",\"expiration\":");
            GoFmt.jsonString(sb, n.path("expiration").asText());
        }
        if (n.path("ttl").asLong() != 0) {
            sb.append(",\"ttl\":").append(n.path("ttl").asLong());
        }
        sb.append('}');
    }
}

package dev.etcdj.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.etcdj.server.membership.MemberInfo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks running members for the cluster ({@code GET <peer>/members} on their peer port, as
 * etcd's joiners do): the cluster ID from the {@code X-Etcd-Cluster-ID} header and the members.
 */
final class RemoteMembers {
  record Cluster(long clusterId, List<MemberInfo> members) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private RemoteMembers() {}

  /** Tries each URL in turn; the first that answers wins. */
  static Cluster fetch(List<String> peerUrls) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    List<String> errors = new ArrayList<>();
    for (String url : peerUrls) {
      try {
        HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(url + "/members"))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        String cid = resp.headers().firstValue("X-Etcd-Cluster-ID").orElse("");
        if (resp.statusCode() != 200 || cid.isEmpty()) {
          errors.add(url + ": HTTP " + resp.statusCode());
          continue;
        }
        return new Cluster(Long.parseUnsignedLong(cid, 16), parse(resp.body()));
      } catch (IOException | RuntimeException e) {
        errors.add(url + ": " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new BootstrapException("cannot fetch cluster info from peer urls: could not retrieve cluster information"
        + " from the given URLs " + errors);
  }

  private static List<MemberInfo> parse(String body) throws IOException {
    List<MemberInfo> members = new ArrayList<>();
    for (JsonNode m : JSON.readTree(body)) {
      members.add(new MemberInfo(Long.parseUnsignedLong(m.get("id").asText()),
          m.path("name").asText(""), strings(m.path("peerURLs")), strings(m.path("clientURLs")),
          m.path("isLearner").asBoolean(false)));
    }
    return members;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}

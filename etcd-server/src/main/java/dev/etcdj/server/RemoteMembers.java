package dev.etcdj.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import dev.etcdj.server.membership.MemberInfo;
import dev.etcdj.tls.TlsSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks running members for the cluster ({@code GET <peer>/members} on their peer port, as
 * etcd's joiners do): the cluster ID from the {@code X-Etcd-Cluster-ID} header and the members.
 * https peers are reached with this member's peer TLS (its certificate, trusted CA or auto-TLS).
 */
final class RemoteMembers {
  record Cluster(long clusterId, List<MemberInfo> members) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger("etcdserver");

  private RemoteMembers() {}

  /** Tries each URL in turn; the first that answers wins. {@code peerTls} is null without peer TLS. */
  static Cluster fetch(List<String> peerUrls, TlsSettings peerTls) {
    try (ClientFactory factory = TlsSetup.clientFactory(peerTls)) {
      for (String url : peerUrls) {
        try {
          AggregatedHttpResponse resp = WebClient.builder(url).factory(factory)
              .responseTimeout(Duration.ofSeconds(10)).build().blocking().get("/members");
          String cid = resp.headers().get("X-Etcd-Cluster-ID", "");
          if (resp.status().code() != 200 || cid.isEmpty()) {
            LOG.warn("could not parse the cluster ID from cluster res: HTTP {}", resp.status().code());
            continue;
          }
          return new Cluster(Long.parseUnsignedLong(cid, 16), parse(resp.contentUtf8()));
        } catch (IOException | RuntimeException e) {
          LOG.warn("could not get cluster response from {}: {}", url, reason(e));
        }
      }
    }
    throw new BootstrapException("cannot fetch cluster info from peer urls: could not retrieve cluster information"
        + " from the given URLs");
  }

  private static String reason(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.toString();
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

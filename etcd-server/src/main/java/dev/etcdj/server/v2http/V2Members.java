package dev.etcdj.server.v2http;

import dev.etcdj.api.GoJsonStrings;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import dev.etcdj.server.api.ClusterService;
import dev.etcdj.server.consensus.ConsensusStatus;
import dev.etcdj.server.membership.MemberInfo;
import dev.etcdj.server.membership.Membership;
import dev.etcdj.server.v2store.V2Json;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code /v2/members} (the list, {@code /leader}, and changes through {@link V2MemberChanges}), {@code /v2/machines} and the
 * {@code /v2/stats/self|leader} documents, as etcd's v2http writes them.
 */
public final class V2Members {
  private final Membership membership;
  private final Supplier<ConsensusStatus> status;
  private final V2MemberChanges changes;
  private final long startNanos;
  private final long startMillis = System.currentTimeMillis();

  public V2Members(Membership membership, Supplier<ConsensusStatus> status, ClusterService cluster) {
    this.changes = new V2MemberChanges(cluster);
    this.membership = membership;
    this.status = status;
    this.startNanos = System.nanoTime();
  }

  HttpResponse serve(AggregatedHttpRequest req, String sub) {
    HttpMethod method = req.method();
    if (!V2HttpService.allowed(method, "GET", "POST", "DELETE", "PUT")) {
      return V2HttpService.methodNotAllowed("GET,POST,DELETE,PUT");
    }
    String p = sub.startsWith("/") ? sub.substring(1) : sub;
    if (method != HttpMethod.GET) {
      return changes.serve(req, p);
    }
    if (p.isEmpty()) {
      StringBuilder sb = new StringBuilder("{\"members\":[");
      List<MemberInfo> sorted = sorted();
      for (int i = 0; i < sorted.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        member(sb, sorted.get(i));
      }
      return json(HttpStatus.OK, sb.append("]}\n").toString());
    }
    if (p.equals("leader")) {
      long leader = status.get().leaderId();
      var m = membership.member(leader);
      if (leader == 0 || m.isEmpty()) {
        return message(HttpStatus.SERVICE_UNAVAILABLE, "During election");
      }
      StringBuilder sb = new StringBuilder();
      member(sb, m.get());
      return json(HttpStatus.OK, sb.append('\n').toString());
    }
    return message(HttpStatus.NOT_FOUND, "Not found");
  }

  String machines() {
    return String.join(", ", sorted().stream().flatMap(m -> m.clientUrls().stream()).toList());
  }

  String selfStats() {
    ConsensusStatus s = status.get();
    long self = membership.localId();
    String name = membership.member(self).map(MemberInfo::name).orElse("");
    StringBuilder sb = new StringBuilder("{\"name\":");
    GoJsonStrings.append(sb, name);
    sb.append(",\"id\":\"").append(Long.toHexString(self)).append("\",\"state\":\"")
        .append(s.leaderId() == self ? "StateLeader" : "StateFollower").append("\",\"startTime\":\"")
        .append(V2Json.time(startMillis * 1_000_000L)).append("\",\"leaderInfo\":{\"leader\":\"")
        .append(Long.toHexString(s.leaderId())).append("\",\"uptime\":\"")
        .append(goDuration(Duration.ofNanos(System.nanoTime() - startNanos))).append("\",\"startTime\":\"")
        .append(V2Json.time(startMillis * 1_000_000L)).append("\"},")
        .append("\"recvAppendRequestCnt\":0,\"sendAppendRequestCnt\":0}");
    return sb.toString();
  }

  HttpResponse leaderStats() {
    long self = membership.localId();
    if (status.get().leaderId() != self) {
      return message(HttpStatus.FORBIDDEN, "not current leader");
    }
    StringBuilder sb = new StringBuilder("{\"leader\":\"").append(Long.toHexString(self)).append("\",\"followers\":{");
    boolean first = true;
    for (MemberInfo m : sorted()) {
      if (m.id() == self) {
        continue;
      }
      if (!first) {
        sb.append(',');
      }
      first = false;
      sb.append('"').append(Long.toHexString(m.id())).append("\":{\"latency\":{\"current\":0,\"average\":0,"
          + "\"standardDeviation\":0,\"minimum\":0,\"maximum\":0},\"counts\":{\"fail\":0,\"success\":0}}");
    }
    return json(HttpStatus.OK, sb.append("}}").toString());
  }

  private List<MemberInfo> sorted() {
    return membership.members().stream()
        .sorted(Comparator.comparing(MemberInfo::id, Long::compareUnsigned)).toList();
  }

  private static void member(StringBuilder sb, MemberInfo m) {
    member(sb, m.id(), m.name(), m.peerUrls(), m.clientUrls());
  }

  static void member(StringBuilder sb, long id, String name, List<String> peerUrls, List<String> clientUrls) {
    sb.append("{\"id\":\"").append(Long.toHexString(id)).append("\",\"name\":");
    GoJsonStrings.append(sb, name);
    sb.append(",\"peerURLs\":");
    strings(sb, peerUrls);
    sb.append(",\"clientURLs\":");
    strings(sb, clientUrls);
    sb.append('}');
  }

  private static void strings(StringBuilder sb, List<String> values) {
    sb.append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      GoJsonStrings.append(sb, values.get(i));
    }
    sb.append(']');
  }

  private static HttpResponse json(HttpStatus status, String body) {
    return HttpResponse.of(status, MediaType.JSON, body);
  }

  /** etcd's httptypes.HTTPError: {@code {"message":"..."}}. */
  static HttpResponse message(HttpStatus status, String text) {
    StringBuilder sb = new StringBuilder("{\"message\":");
    GoJsonStrings.append(sb, text);
    return json(status, sb.append('}').toString());
  }

  /** Go's time.Duration.String() for the uptime. */
  private static String goDuration(Duration d) {
    long nanos = d.toNanos();
    long hours = nanos / 3_600_000_000_000L;
    long minutes = nanos / 60_000_000_000L % 60;
    double seconds = (nanos % 60_000_000_000L) / 1e9;
    StringBuilder sb = new StringBuilder();
    if (hours > 0) {
      sb.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      sb.append(minutes).append('m');
    }
    String s = new java.math.BigDecimal(seconds).setScale(9, java.math.RoundingMode.DOWN).stripTrailingZeros()
        .toPlainString();
    return sb.append(s).append('s').toString();
  }
}

package dev.etcdj.server.peer;

import dev.etcdj.api.GoJsonStrings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Encodes the member list as etcd 3.4's peer {@code GET /members} does: Go's
 * {@code json.NewEncoder(w).Encode(members)} of {@code membership.Member}, sorted by ID.
 *
 * <p>Field order follows the Go struct: {@code id} (unsigned decimal), {@code peerURLs}
 * (always, {@code null} if none), {@code isLearner} (only when true), {@code name} and
 * {@code clientURLs} (omitted when empty). Strings are escaped like Go (including {@code <},
 * {@code >}, {@code &} as \u003c etc.). The output ends with a newline, as Encode writes one.
 */
final class MembersJson {
  private MembersJson() {}

  static String encode(List<PeerMember> members) {
    List<PeerMember> sorted = new ArrayList<>(members);
    sorted.sort(Comparator.comparing(PeerMember::id, Long::compareUnsigned));
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < sorted.size(); i++) {
      PeerMember m = sorted.get(i);
      if (i > 0) {
        sb.append(',');
      }
      sb.append("{\"id\":").append(Long.toUnsignedString(m.id()));
      sb.append(",\"peerURLs\":");
      strings(sb, m.peerUrls(), true);
      if (m.learner()) {
        sb.append(",\"isLearner\":true");
      }
      if (!m.name().isEmpty()) {
        sb.append(",\"name\":");
        GoJsonStrings.append(sb, m.name());
      }
      if (!m.clientUrls().isEmpty()) {
        sb.append(",\"clientURLs\":");
        strings(sb, m.clientUrls(), false);
      }
      sb.append('}');
    }
    return sb.append("]\n").toString();
  }

  private static void strings(StringBuilder sb, List<String> values, boolean nullIfEmpty) {
    if (values.isEmpty() && nullIfEmpty) {
      sb.append("null");
      return;
    }
    sb.append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      GoJsonStrings.append(sb, values.get(i));
    }
    sb.append(']');
  }
}

package dev.etcdj.server.peer;

import dev.etcdj.api.GoJsonStrings;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MembersJsonTest {
  @Test
  void encodesLikeEtcd34() {
    long id = Long.parseUnsignedLong("10276657743932975437");
    String json = MembersJson.encode(List.of(
        new PeerMember(id, "infra0", List.of("http://127.0.0.1:2380"), List.of("http://127.0.0.1:2379"), false),
        new PeerMember(5, "", List.of("http://127.0.0.1:2480"), List.of(), true)));
    assertEquals("[{\"id\":5,\"peerURLs\":[\"http://127.0.0.1:2480\"],\"isLearner\":true},"
        + "{\"id\":10276657743932975437,\"peerURLs\":[\"http://127.0.0.1:2380\"],\"name\":\"infra0\","
        + "\"clientURLs\":[\"http://127.0.0.1:2379\"]}]\n", json);
  }

  @Test
  void escapesLikeGo() {
    StringBuilder sb = new StringBuilder();
    GoJsonStrings.append(sb, "a<b>&\"\\\n\u0001");
    assertEquals("\"a\\u003cb\\u003e\\u0026\\\"\\\\\\n\\u0001\"", sb.toString());
  }

  @Test
  void emptyList() {
    assertEquals("[]\n", MembersJson.encode(List.of()));
  }
}

package dev.etcdj.server.peer;

import java.util.List;

/**
 * A member as the peer port's {@code GET /members} shows it.
 *
 * @param id         the member ID (unsigned 64-bit)
 * @param name       the member name; empty if not yet published
 * @param peerUrls   the advertised peer URLs
 * @param clientUrls the advertised client URLs; empty if not yet published
 * @param learner    true for a learner (non-voting) member
 */
public record PeerMember(long id, String name, List<String> peerUrls, List<String> clientUrls, boolean learner) {
  public PeerMember {
    name = name == null ? "" : name;
    peerUrls = peerUrls == null ? List.of() : List.copyOf(peerUrls);
    clientUrls = clientUrls == null ? List.of() : List.copyOf(clientUrls);
  }
}

package dev.etcdj.server.membership;

import dev.etcdj.api.Member;
import java.util.List;

/** One member as MemberList reports it. The name and client URLs are empty until it publishes them. */
public record MemberInfo(long id, String name, List<String> peerUrls, List<String> clientUrls, boolean learner) {
  public MemberInfo {
    peerUrls = List.copyOf(peerUrls);
    clientUrls = List.copyOf(clientUrls);
  }

  public Member toProto() {
    return Member.newBuilder().setID(id).setName(name).addAllPeerURLs(peerUrls)
        .addAllClientURLs(clientUrls).setIsLearner(learner).build();
  }

  public static MemberInfo fromProto(Member m) {
    return new MemberInfo(m.getID(), m.getName(), m.getPeerURLsList(), m.getClientURLsList(), m.getIsLearner());
  }

  public MemberInfo withAttributes(String newName, List<String> newClientUrls) {
    return new MemberInfo(id, newName, peerUrls, newClientUrls, learner);
  }

  public MemberInfo withPeerUrls(List<String> urls) {
    return new MemberInfo(id, name, urls, clientUrls, learner);
  }

  public MemberInfo withLearner(boolean isLearner) {
    return new MemberInfo(id, name, peerUrls, clientUrls, isLearner);
  }

  public MemberInfo promoted() {
    return new MemberInfo(id, name, peerUrls, clientUrls, false);
  }
}

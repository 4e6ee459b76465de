package dev.etcdj.server.corrupt;

import dev.etcdj.api.HashKVResponse;
import dev.etcdj.discovery.ClusterIds;
import dev.etcdj.server.config.GoSyntax;
import dev.etcdj.server.membership.MemberInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd's getPeerHashKVs: every other member with peer URLs is asked for its hash at a revision,
 * URL by URL until one answers; each failed URL is logged, and a member none of whose URLs
 * answered is reported with the last error.
 */
public final class PeerHashes {
  private static final Logger LOG = LoggerFactory.getLogger("etcdserver");

  private final long localId;
  private final Supplier<List<MemberInfo>> members;
  private final PeerHashKvClient client;

  public PeerHashes(long localId, Supplier<List<MemberInfo>> members, PeerHashKvClient client) {
    this.localId = localId;
    this.members = members;
    this.client = client;
  }

  public List<PeerHash> fetch(long revision) {
    List<PeerHash> out = new ArrayList<>();
    for (MemberInfo m : members.get()) {
      if (m.id() == localId || m.peerUrls().isEmpty()) {
        continue;
      }
      PeerHashError last = null;
      HashKVResponse resp = null;
      for (String url : m.peerUrls()) {
        try {
          resp = client.fetch(url, revision);
          break;
        } catch (PeerHashError e) {
          last = e;
          LOG.warn("{} hash-kv error {} on peer {} with revision {}", ClusterIds.toHex(localId),
              GoSyntax.quote(e.getMessage()), GoSyntax.quote(url), revision);
        }
      }
      out.add(resp != null ? PeerHash.answered(m.id(), m.peerUrls(), resp) : PeerHash.failed(m.id(), m.peerUrls(), last));
    }
    return out;
  }
}

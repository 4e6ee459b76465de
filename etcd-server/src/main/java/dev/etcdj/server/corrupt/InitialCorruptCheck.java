package dev.etcdj.server.corrupt;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.grpc.GrpcClients;
import dev.etcdj.api.HashKVRequest;
import dev.etcdj.api.HashKVResponse;
import dev.etcdj.api.MaintenanceGrpc;
import dev.etcdj.discovery.ClusterIds;
import dev.etcdj.server.BootstrapException;
import dev.etcdj.server.EtcdError;
import dev.etcdj.server.membership.ClusterMembership;
import dev.etcdj.server.membership.MemberInfo;
import dev.etcdj.storage.mvcc.HashKvResult;
import dev.etcdj.storage.mvcc.MvccStore;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd's initial corruption check: a restarting member hashes its store at its current
 * revision and asks every other member for the hash at that revision; a different hash at the
 * same compact revision means the data diverged, and the member refuses to start. Peers that
 * cannot answer (down, lagging, compacted past the revision) only earn a warning. etcd asks the
 * peers' {@code /members/hashkv} peer endpoint; etcdj calls their Maintenance.HashKV on their
 * advertised client URLs.
 */
public final class InitialCorruptCheck {
  private static final Logger LOG = LoggerFactory.getLogger("etcdserver");

  private final MvccStore store;
  private final ClusterMembership cluster;
  private final ClientFactory factory;
  private final Duration timeout;

  public InitialCorruptCheck(MvccStore store, ClusterMembership cluster, ClientFactory factory, Duration timeout) {
    this.store = store;
    this.cluster = cluster;
    this.factory = factory;
    this.timeout = timeout;
  }

  /** @throws BootstrapException with etcd's message if a peer's hash differs */
  public void run() {
    String self = ClusterIds.toHex(cluster.localId());
    LOG.info("{} starting initial corruption check with timeout {}...", self, goDuration(timeout));
    HashKvResult local = store.hashKv(0);
    int mismatch = 0;
    for (MemberInfo peer : cluster.members()) {
      if (peer.id() == cluster.localId() || peer.clientUrls().isEmpty()) {
        continue;
      }
      Optional<HashKVResponse> resp = fetch(self, peer, local.revision());
      if (resp.isEmpty() || resp.get().getHash() == (int) local.hash()) {
        continue;
      }
      HashKVResponse r = resp.get();
      String peerId = ClusterIds.toHex(r.getHeader().getMemberId());
      if (r.getCompactRevision() == local.compactRevision()) {
        LOG.error("{}'s hash {} != {}'s hash {} (revision {}, peer revision {}, compact revision {})", self,
            Integer.toUnsignedLong((int) local.hash()), peerId, Integer.toUnsignedLong(r.getHash()),
            local.revision(), r.getHeader().getRevision(), local.compactRevision());
        mismatch++;
      } else {
        LOG.warn("{} cannot check hash of peer({}): peer has a different compact revision {} (revision:{})", self,
            peerId, r.getCompactRevision(), local.revision());
      }
    }
    if (mismatch > 0) {
      String error = self + " found data inconsistency with peers";
      LoggerFactory.getLogger("etcdmain").error(error);
      throw new BootstrapException(error);
    }
    LOG.info("{} succeeded on initial corruption checking: no corruption", self);
  }

  private static String goDuration(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms / 1000.0 + "s";
  }

  private Optional<HashKVResponse> fetch(String self, MemberInfo peer, long revision) {
    for (String url : peer.clientUrls()) {
      try {
        URI u = URI.create(url);
        MaintenanceGrpc.MaintenanceBlockingStub stub = GrpcClients.builder(u.getScheme() + "://" + u.getRawAuthority() + "/")
            .factory(factory)
            .responseTimeout(timeout)
            .build(MaintenanceGrpc.MaintenanceBlockingStub.class);
        return Optional.of(stub.hashKV(HashKVRequest.newBuilder().setRevision(revision).build()));
      } catch (StatusRuntimeException e) {
        String msg = e.getStatus().getDescription();
        if (EtcdError.FUTURE_REV.message().equals(msg)) {
          LOG.warn("{} cannot check the hash of peer({}) at revision {}: peer is lagging behind({})", self,
              peer.clientUrls(), revision, msg);
          return Optional.empty();
        }
        if (EtcdError.COMPACTED.message().equals(msg)) {
          LOG.warn("{} cannot check the hash of peer({}) at revision {}: local node is lagging behind({})", self,
              peer.clientUrls(), revision, msg);
          return Optional.empty();
        }
        LOG.warn("{} hash-kv error {} on peer {} with revision {}", self, e.getMessage(), url, revision);
      } catch (RuntimeException e) {
        LOG.warn("{} hash-kv error {} on peer {} with revision {}", self, e.getMessage(), url, revision);
      }
    }
    return Optional.empty();
  }
}

package dev.etcdj.server.corrupt;

import dev.etcdj.api.HashKVResponse;
import dev.etcdj.discovery.ClusterIds;
import dev.etcdj.server.BootstrapException;
import dev.etcdj.server.config.GoSyntax;
import dev.etcdj.storage.mvcc.HashKvResult;
import dev.etcdj.storage.mvcc.MvccStore;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd's initial corruption check: a restarting member hashes its store at its current
 * revision and asks every other member's peer {@code /members/hashkv} for the hash at that
 * revision; a different hash at the same compact revision means the data diverged, and the
 * member refuses to start. Peers that cannot answer (down, lagging, compacted past the
 * revision) only earn a warning.
 */
public final class InitialCorruptCheck {
  private static final Logger LOG = LoggerFactory.getLogger("etcdserver");

  private final MvccStore store;
  private final long localId;
  private final PeerHashes peers;
  private final Duration timeout;

  public InitialCorruptCheck(MvccStore store, long localId, PeerHashes peers, Duration timeout) {
    this.store = store;
    this.localId = localId;
    this.peers = peers;
    this.timeout = timeout;
  }

  /** @throws BootstrapException with etcd's message if a peer's hash differs */
  public void run() {
    String self = ClusterIds.toHex(localId);
    LOG.info("{} starting initial corruption check with timeout {}...", self, GoSyntax.formatDuration(timeout.toNanos()));
    HashKvResult local = store.hashKv(0);
    long hash = local.hash() & 0xffffffffL;
    int mismatch = 0;
    for (PeerHash p : peers.fetch(local.revision())) {
      if (p.resp() == null) {
        if (p.error() == PeerHashError.FUTURE_REV) {
          LOG.warn("{} cannot check the hash of peer({}) at revision {}: peer is lagging behind({})", self,
              GoSyntax.quoteList(p.endpoints()), local.revision(), GoSyntax.quote(p.error().getMessage()));
        } else if (p.error() == PeerHashError.COMPACTED) {
          LOG.warn("{} cannot check the hash of peer({}) at revision {}: local node is lagging behind({})", self,
              GoSyntax.quoteList(p.endpoints()), local.revision(), GoSyntax.quote(p.error().getMessage()));
        }
        continue;
      }
      HashKVResponse r = p.resp();
      long peerHash = Integer.toUnsignedLong(r.getHash());
      if (peerHash == hash) {
        continue;
      }
      // etcd names the peer by the answer's header, which its /members/hashkv leaves without a member ID
      String peerId = ClusterIds.toHex(r.getHeader().getMemberId());
      if (r.getCompactRevision() == local.compactRevision()) {
        LOG.error("{}'s hash {} != {}'s hash {} (revision {}, peer revision {}, compact revision {})", self, hash,
            peerId, peerHash, local.revision(), r.getHeader().getRevision(), local.compactRevision());
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
}

package dev.etcdj.server;

import dev.etcdj.raft.Message;
import dev.etcdj.server.config.ServerConfig;
import dev.etcdj.server.membership.ClusterMembership;
import dev.etcdj.server.membership.MemberInfo;
import dev.etcdj.server.membership.Membership;
import dev.etcdj.server.peer.PeerListener;
import dev.etcdj.server.peer.PeerMember;
import dev.etcdj.server.peer.PeerTransport;
import dev.etcdj.server.peer.RaftInbox;
import dev.etcdj.server.peer.RaftPeerService;
import dev.etcdj.server.raft.RaftDriver;
import dev.etcdj.server.snapshot.StoreSnapshots;
import dev.etcdj.tls.TlsSettings;
import java.util.List;

/**
 * This member's connection to its peers: the peer listener (Raft streams in, {@code /members}),
 * the transport (Raft streams out), kept in step with the membership. Messages that arrive
 * before the Raft driver is connected are dropped; Raft resends.
 */
final class PeerLink implements RaftInbox, AutoCloseable {
  private final long localId;
  private final PeerTransport transport;
  private final com.linecorp.armeria.client.ClientFactory clients;
  private final PeerListener listener;
  private volatile RaftDriver raft;
  private volatile java.util.function.LongConsumer onConflict = cid -> { };

  private PeerLink(ServerConfig cfg, TlsSettings tls, long clusterId, long localId, Membership membership,
      StoreSnapshots snapshots, java.util.Map<String, com.linecorp.armeria.server.HttpService> routes) {
    this.localId = localId;
    this.clients = TlsSetup.clientFactory(tls);
    this.transport = new PeerTransport(clusterId, localId, this, snapshots, clients);
    RaftPeerService service = new RaftPeerService(clusterId, localId, this, snapshots);
    this.listener = PeerListener.start(cfg.listenPeerUrls(), sb -> TlsSetup.applyTls(sb, tls), service, clusterId,
        () -> membership.members().stream().map(PeerLink::peerMember).toList(), routes);
    membership.get().members().forEach(this::addPeer);
    membership.addListener(this::membershipChanged);
  }

  static PeerLink start(ServerConfig cfg, TlsSettings tls, long clusterId, long localId, Membership membership,
      StoreSnapshots snapshots) {
    return start(cfg, tls, clusterId, localId, membership, snapshots, java.util.Map.of());
  }

  /** As above, the peer listener also serving {@code routes} (etcd's {@code /members/hashkv}). */
  static PeerLink start(ServerConfig cfg, TlsSettings tls, long clusterId, long localId, Membership membership,
      StoreSnapshots snapshots, java.util.Map<String, com.linecorp.armeria.server.HttpService> routes) {
    PeerLink link = new PeerLink(cfg, tls, clusterId, localId, membership, snapshots, routes);
    link.transport.start();
    return link;
  }

  void connect(RaftDriver driver) {
    this.raft = driver;
  }

  /** Told when a peer turns out to belong to another cluster (its cluster ID). */
  void onClusterIdConflict(java.util.function.LongConsumer handler) {
    this.onConflict = handler;
  }

  @Override
  public void clusterIdMismatch(long peerId, long remoteClusterId) {
    onConflict.accept(remoteClusterId);
  }

  void send(List<Message> messages) {
    transport.send(messages);
  }

  boolean isActive(long id) {
    return transport.isActive(id);
  }

  private void addPeer(MemberInfo m) {
    if (m.id() != localId) {
      transport.addPeer(m.id(), m.peerUrls());
    }
  }

  private void membershipChanged(ClusterMembership before, ClusterMembership after) {
    for (MemberInfo m : after.members()) {
      var old = before.member(m.id());
      if (old.isEmpty()) {
        addPeer(m);
      } else if (!old.get().peerUrls().equals(m.peerUrls()) && m.id() != localId) {
        transport.updatePeer(m.id(), m.peerUrls());
      }
    }
    for (MemberInfo m : before.members()) {
      if (after.member(m.id()).isEmpty() && m.id() != localId) {
        transport.removePeer(m.id());
      }
    }
  }

  private static PeerMember peerMember(MemberInfo m) {
    return new PeerMember(m.id(), m.name(), m.peerUrls(), m.clientUrls(), m.learner());
  }

  @Override
  public void receive(Message m) {
    RaftDriver r = raft;
    if (r != null) {
      r.receive(m);
    }
  }

  @Override
  public void reportUnreachable(long peerId) {
    RaftDriver r = raft;
    if (r != null) {
      r.reportUnreachable(peerId);
    }
  }

  @Override
  public void reportSnapshot(long peerId, boolean success) {
    RaftDriver r = raft;
    if (r != null) {
      r.reportSnapshot(peerId, success);
    }
  }

  @Override
  public void close() {
    transport.close();
    listener.close();
    clients.close();
  }
}

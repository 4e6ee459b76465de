package dev.etcdj.server.peer;

import com.linecorp.armeria.client.ClientFactory;
import dev.etcdj.api.peer.RaftGrpc;
import dev.etcdj.raft.Message;
import dev.etcdj.raft.MessageType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending side of the peer transport (etcd's rafthttp.Transport): one {@link PeerSender}
 * per remote member, each with its own bounded queue, thread and long-lived
 * {@code Raft/Stream} call, plus a {@link SnapshotSender} for MsgSnap.
 *
 * <p>Threading:
 * <ul>
 *   <li>{@link #send} may be called from any thread (normally the Raft thread) and never
 *       blocks: it only looks up the peer and offers to its queue. A full queue,
 *       or a peer that is backing off after a failure, drops the message and calls
 *       {@link RaftInbox#reportUnreachable}; a slow or dead peer never delays another.</li>
 *   <li>{@link #addPeer}, {@link #updatePeer}, {@link #removePeer}, {@link #start} and
 *       {@link #close} may be called from any thread; they are serialized with each other.
 *       {@code removePeer} and {@code close} wait briefly (up to ~1 s per peer) for sender
 *       threads to stop; do not call them from the Raft thread if that matters.</li>
 *   <li>{@link #isActive} may be called from any thread.</li>
 *   <li>{@link RaftInbox} callbacks come from sender threads, snapshot threads and Armeria
 *       event loops.</li>
 * </ul>
 *
 * <p>Messages to unknown peers, to ourselves, or of local types are ignored. Messages given to
 * {@code send} before {@link #start} wait in the queues (up to the queue capacity).
 */
public final class PeerTransport implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("rafthttp");
  private static final long STOP_WAIT_MS = 1000;

  private final long clusterId;
  private final long localId;
  private final RaftInbox inbox;
  private final ClientFactory clientFactory;
  private final boolean ownsFactory;
  private final int queueCapacity;
  private final Function<String, RaftGrpc.RaftStub> stubs;
  private final SnapshotSender snapshotSender;
  private final Map<Long, PeerSender> peers = new ConcurrentHashMap<>();
  private boolean started; // guarded by this
  private volatile boolean closed;

  /**
   * A transport for plain-text ({@code http://}) peers, on an Armeria client factory of its own
   * (connect timeout 2 s, HTTP/2 PING every 5 s) that {@link #close} shuts down.
   */
  public PeerTransport(long clusterId, long localId, RaftInbox inbox, SnapshotSource snapshots) {
    this(clusterId, localId, inbox, snapshots, null);
  }

  /**
   * A transport that connects through {@code clientFactory}, e.g. one configured with the peer
   * TLS settings for {@code https://} peer URLs. The caller keeps ownership of the factory
   * (close it after this transport). A null factory means the default one of
   * {@link #PeerTransport(long, long, RaftInbox, SnapshotSource)}.
   */
  public PeerTransport(long clusterId, long localId, RaftInbox inbox, SnapshotSource snapshots,
      ClientFactory clientFactory) {
    this(clusterId, localId, inbox, snapshots, clientFactory, PeerSender.QUEUE_CAPACITY);
  }

  /** For tests: a different per-peer queue capacity. */
  PeerTransport(long clusterId, long localId, RaftInbox inbox, SnapshotSource snapshots,
      ClientFactory clientFactory, int queueCapacity) {
    this.clusterId = clusterId;
    this.localId = localId;
    this.inbox = Objects.requireNonNull(inbox, "inbox");
    Objects.requireNonNull(snapshots, "snapshots");
    this.ownsFactory = clientFactory == null;
    this.clientFactory = ownsFactory ? PeerClients.newDefaultFactory() : clientFactory;
    this.queueCapacity = queueCapacity;
    this.stubs = url -> PeerClients.stub(this.clientFactory, url);
    this.snapshotSender = new SnapshotSender(clusterId, localId, inbox, snapshots, stubs);
  }

  /** Starts the senders of the peers added so far; peers added later start at once. */
  public synchronized void start() {
    if (closed || started) {
      return;
    }
    started = true;
    peers.values().forEach(PeerSender::start);
  }

  /** Any thread, never blocks. See the class comment for what is dropped and reported. */
  public void send(List<Message> messages) {
    if (closed) {
      return;
    }
    Map<PeerSender, List<Message>> byPeer = new LinkedHashMap<>();
    for (Message m : messages) {
      if (m.type().isLocal() || m.to() == localId || m.to() == 0) {
        LOG.debug("ignored message send request; not for a remote peer: {}", m);
        continue;
      }
      PeerSender p = peers.get(m.to());
      if (p == null) {
        LOG.debug("ignored message send request; unknown remote peer target {}", PeerHeaders.hex(m.to()));
        continue;
      }
      if (m.type() == MessageType.MsgSnap) {
        snapshotSender.send(m, p.currentUrl(), p::isClosed);
      } else {
        byPeer.computeIfAbsent(p, k -> new ArrayList<>()).add(m);
      }
    }
    byPeer.forEach(PeerSender::enqueue);
  }

  /**
   * Adds a remote member with its advertised peer URLs (tried in turn). Adding a known peer
   * updates its URLs.
   *
   * @throws IllegalArgumentException if {@code id} is ours, {@code peerUrls} is empty or holds a
   *     URL that is not {@code http(s)://host[:port]}
   */
  public synchronized void addPeer(long id, List<String> peerUrls) {
    if (id == localId) {
      throw new IllegalArgumentException("cannot add the local member " + PeerHeaders.hex(id) + " as a peer");
    }
    if (closed) {
      return;
    }
    PeerSender existing = peers.get(id);
    if (existing != null) {
      existing.updateUrls(peerUrls);
      return;
    }
    PeerSender p = new PeerSender(clusterId, localId, id, peerUrls, inbox, stubs, queueCapacity);
    peers.put(id, p);
    if (started) {
      p.start();
    }
    LOG.info("added peer {} {}", PeerHeaders.hex(id), peerUrls);
  }

  /**
   * Replaces a peer's URLs; its stream is reopened on the new ones. Unknown ids are ignored.
   *
   * @throws IllegalArgumentException as {@link #addPeer}
   */
  public synchronized void updatePeer(long id, List<String> peerUrls) {
    PeerSender p = peers.get(id);
    if (p != null) {
      p.updateUrls(peerUrls);
      LOG.info("updated peer {} {}", PeerHeaders.hex(id), peerUrls);
    }
  }

  /** Stops sending to a peer; its queued messages are dropped. Unknown ids are ignored. */
  public synchronized void removePeer(long id) {
    PeerSender p = peers.remove(id);
    if (p != null) {
      p.close(STOP_WAIT_MS);
      LOG.info("removed peer {}", PeerHeaders.hex(id));
    }
  }

  /** True while the stream to the peer is connected and has not failed. */
  public boolean isActive(long id) {
    PeerSender p = peers.get(id);
    return p != null && p.isActive();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    peers.values().forEach(PeerSender::stop);
    peers.values().forEach(p -> p.close(STOP_WAIT_MS));
    peers.clear();
    snapshotSender.close();
    if (ownsFactory) {
      clientFactory.close();
    }
  }
}

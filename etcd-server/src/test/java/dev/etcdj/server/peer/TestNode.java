package dev.etcdj.server.peer;

import dev.etcdj.raft.Message;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One member for tests: a listener on a free port and a transport, sharing one inbox. */
final class TestNode implements AutoCloseable {
  final long clusterId;
  final long id;
  final int port;
  final String url;
  final TestInbox inbox = new TestInbox();
  /** What the sink stored, by snapshot index; set before the MsgSnap reaches the inbox. */
  final Map<Long, byte[]> stored = new ConcurrentHashMap<>();
  final Map<Long, Throwable> sinkFailures = new ConcurrentHashMap<>();
  /** What the source serves, by snapshot index. */
  final Map<Long, byte[]> snapshotData = new ConcurrentHashMap<>();
  final RaftPeerService service;
  final PeerTransport transport;
  PeerListener listener;

  TestNode(long clusterId, long id) {
    this(clusterId, id, freePort());
  }

  TestNode(long clusterId, long id, int port) {
    this.clusterId = clusterId;
    this.id = id;
    this.port = port;
    this.url = "http://127.0.0.1:" + port;
    this.service = new RaftPeerService(clusterId, id, inbox, this::sink);
    this.transport = new PeerTransport(clusterId, id, inbox, this::source);
  }

  private InputStream source(Message m) {
    byte[] data = snapshotData.get(m.snapshot().index());
    return new ByteArrayInputStream(data == null ? new byte[0] : data);
  }

  private void sink(Message m, InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      in.transferTo(out);
    } catch (IOException e) {
      sinkFailures.put(m.snapshot().index(), e);
      throw e;
    }
    stored.put(m.snapshot().index(), out.toByteArray());
  }

  TestNode listen(List<PeerMember> members) {
    listener = PeerListener.start(List.of(URI.create(url)), service, clusterId, () -> members);
    return this;
  }

  TestNode listen() {
    return listen(List.of());
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    transport.close();
    if (listener != null) {
      listener.close();
    }
  }

  /** Closes all transports first, then all listeners in parallel (each takes ~2 s to stop). */
  static void closeAll(List<TestNode> nodes) {
    nodes.forEach(n -> n.transport.close());
    List<java.util.concurrent.CompletableFuture<Void>> stops = new java.util.ArrayList<>();
    for (TestNode n : nodes) {
      if (n.listener != null) {
        stops.add(n.listener.closeAsync());
      }
    }
    stops.forEach(java.util.concurrent.CompletableFuture::join);
  }
}

/**
 * The peer transport between members of one cluster (etcd's {@code rafthttp}), over gRPC on the
 * peer port ({@code etcdj/peer.proto}).
 *
 * <ul>
 *   <li>{@link dev.etcdj.server.peer.PeerTransport}: the sending side; a bounded queue, a thread
 *       and a long-lived {@code Raft/Stream} call per peer; MsgSnap through
 *       {@code Raft/SendSnapshot} with the bytes from a {@link dev.etcdj.server.peer.SnapshotSource}.</li>
 *   <li>{@link dev.etcdj.server.peer.RaftPeerService}: the receiving side; checks the cluster and
 *       member IDs in the stream header, hands messages to the
 *       {@link dev.etcdj.server.peer.RaftInbox} and snapshot bytes to the
 *       {@link dev.etcdj.server.peer.SnapshotSink}.</li>
 *   <li>{@link dev.etcdj.server.peer.PeerListener}: the Armeria server on
 *       {@code --listen-peer-urls}, with etcd's {@code /members} and {@code /version}.</li>
 *   <li>{@link dev.etcdj.server.peer.MessageCodec}: Raft messages to and from the wire.</li>
 * </ul>
 *
 * <p>Loss model: like etcd, the transport may drop messages (full queue, broken stream, peer
 * backing off) and reports it through {@code RaftInbox.reportUnreachable}; Raft retransmits.
 * It never reorders the messages of one stream.
 */
package dev.etcdj.server.peer;

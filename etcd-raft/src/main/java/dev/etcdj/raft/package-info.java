/**
 * A deterministic Raft consensus core in the style of etcd-io/raft: no threads, clocks, sockets,
 * files or unseeded randomness. The server feeds it messages and ticks; it hands back, in a
 * {@link dev.etcdj.raft.Ready}, what to persist, what to send and what to apply.
 *
 * <h2>Driving a node</h2>
 * One thread owns the {@link dev.etcdj.raft.RawNode} and runs a loop like this:
 *
 * <pre>{@code
 * MemoryStorage storage = MemoryStorage.bootstrap(ConfState.ofVoters(1L, 2L, 3L)); // new cluster
 * //   (a member joining an existing cluster starts from new MemoryStorage();
 * //    a restarting member reloads its snapshot, hard state and entries from its WAL into it)
 * RawNode node = new RawNode(Config.builder(myId, storage).seed(seed).build());
 * while (running) {
 *     // 1. inputs: one tick per interval (e.g. 100 ms), messages from peers, client requests
 *     if (tickDue) node.tick();
 *     for (Message m : received) node.step(m);
 *     for (byte[] p : proposals) node.propose(p);          // throws ProposalDroppedException
 *     for (byte[] ctx : readRequests) node.readIndex(ctx);
 *     // 2. outputs
 *     if (!node.hasReady()) continue;
 *     Ready rd = node.ready();
 *     transport.send(rd.messages());                      // may go before the write (leader's MsgApp)
 *     wal.save(rd.snapshot(), rd.entries(), rd.hardState()); // one write, fsync if rd.mustSync()
 *     if (rd.snapshot() != null) storage.applySnapshot(rd.snapshot());
 *     storage.append(rd.entries());
 *     if (rd.hardState() != null) storage.setHardState(rd.hardState());
 *     transport.send(rd.messagesAfterPersist());          // only now: they promise durability
 *     applier.enqueue(rd.snapshot(), rd.committedEntries()); // in order; CONF_CHANGE entries:
 *                                                          //   node.applyConfChange(ConfChange.decode(data))
 *                                                          //   on this thread when applied
 *     readIndexWaiters.resolve(rd.readStates());          // serve once applied >= ReadState.index()
 *     node.advance(rd);
 * }
 * }</pre>
 *
 * <h2>The durability contract</h2>
 * <ul>
 *   <li>{@link dev.etcdj.raft.Ready#messages()} may be sent at once, even before the Ready's write
 *       is durable. They are only a leader's replication messages; a leader counts its own log
 *       towards commitment only after {@code advance} (Raft thesis §10.2.1), so a crash of the
 *       leader before its write completes cannot lose a committed entry. The list is empty when
 *       the Ready changes the term or vote.</li>
 *   <li>{@link dev.etcdj.raft.Ready#messagesAfterPersist()} (votes, vote and append
 *       acknowledgements, forwarded requests) must wait until the snapshot, entries and hard
 *       state of the same Ready are durable.</li>
 *   <li>Committed entries are applied after the Ready's write (they may include entries from
 *       this very Ready on a follower).</li>
 *   <li>{@code ready()} may not be called again before {@code advance()}; {@code step()} and
 *       {@code tick()} may be.</li>
 *   <li>Snapshots delivered with MsgSnap must be reported with
 *       {@link dev.etcdj.raft.RawNode#reportSnapshot}; an unreachable peer may be reported with
 *       {@link dev.etcdj.raft.RawNode#reportUnreachable}.</li>
 * </ul>
 *
 * <h2>Ownership of arrays</h2>
 * Payloads ({@code byte[]}) and lists passed in or handed out are not copied; neither side may
 * mutate them afterwards.
 */
package dev.etcdj.raft;

package dev.etcdj.server.peer;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.etcdj.raft.ConfState;
import dev.etcdj.raft.Entry;
import dev.etcdj.raft.EntryType;
import dev.etcdj.raft.Message;
import dev.etcdj.raft.MessageType;
import dev.etcdj.raft.Snapshot;
import dev.etcdj.raft.SnapshotMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps Raft messages ({@code dev.etcdj.raft}) to and from their wire form
 * ({@code dev.etcdj.api.peer}, etcd's raftpb shapes).
 *
 * <p>Invariants:
 * <ul>
 *   <li>{@code fromProto(toProto(m))} equals {@code m} field by field, with one documented
 *       exception: proto3 bytes have no presence, so a {@code null} and an empty
 *       {@code context} both travel as empty bytes and come back as {@code null}.</li>
 *   <li>A {@code null} snapshot travels as an absent field and comes back {@code null}; a
 *       present one (even {@link Snapshot#EMPTY}) comes back present.</li>
 *   <li>The message type travels as the {@link MessageType} ordinal; ids and indexes are
 *       uint64 on the wire and Java longs (same bits) here.</li>
 *   <li>Outgoing payloads are wrapped, not copied (Raft never mutates handed-over bytes);
 *       incoming payloads are copied out of the protobuf buffers.</li>
 * </ul>
 */
public final class MessageCodec {
  private static final MessageType[] TYPES = MessageType.values();

  private MessageCodec() {}

  public static dev.etcdj.api.peer.Message toProto(Message m) {
    dev.etcdj.api.peer.Message.Builder b = dev.etcdj.api.peer.Message.newBuilder()
        .setType(m.type().ordinal())
        .setTo(m.to())
        .setFrom(m.from())
        .setTerm(m.term())
        .setLogTerm(m.logTerm())
        .setIndex(m.index())
        .setCommit(m.commit())
        .setReject(m.reject())
        .setRejectHint(m.rejectHint());
    for (Entry e : m.entries()) {
      b.addEntries(toProto(e));
    }
    if (m.snapshot() != null) {
      b.setSnapshot(toProto(m.snapshot()));
    }
    if (m.context() != null) {
      b.setContext(wrap(m.context()));
    }
    return b.build();
  }

  /** @throws IllegalArgumentException if the type ordinal is unknown or a field is invalid */
  public static Message fromProto(dev.etcdj.api.peer.Message p) {
    int t = p.getType();
    if (t < 0 || t >= TYPES.length) {
      throw new IllegalArgumentException("unknown raft message type " + t);
    }
    List<Entry> entries;
    if (p.getEntriesCount() == 0) {
      entries = List.of();
    } else {
      entries = new ArrayList<>(p.getEntriesCount());
      for (dev.etcdj.api.peer.Entry e : p.getEntriesList()) {
        entries.add(fromProto(e));
      }
    }
    return new Message(TYPES[t], p.getTo(), p.getFrom(), p.getTerm(), p.getLogTerm(), p.getIndex(),
        entries, p.getCommit(), p.hasSnapshot() ? fromProto(p.getSnapshot()) : null, p.getReject(),
        p.getRejectHint(), p.getContext().isEmpty() ? null : p.getContext().toByteArray());
  }

  public static dev.etcdj.api.peer.Entry toProto(Entry e) {
    return dev.etcdj.api.peer.Entry.newBuilder()
        .setTerm(e.term())
        .setIndex(e.index())
        .setType(e.type() == EntryType.CONF_CHANGE
            ? dev.etcdj.api.peer.EntryType.ENTRY_CONF_CHANGE
            : dev.etcdj.api.peer.EntryType.ENTRY_NORMAL)
        .setData(wrap(e.data()))
        .build();
  }

  public static Entry fromProto(dev.etcdj.api.peer.Entry p) {
    EntryType type = switch (p.getType()) {
      case ENTRY_NORMAL -> EntryType.NORMAL;
      case ENTRY_CONF_CHANGE -> EntryType.CONF_CHANGE;
      default -> throw new IllegalArgumentException("unknown entry type " + p.getTypeValue());
    };
    return new Entry(p.getTerm(), p.getIndex(), type, p.getData().toByteArray());
  }

  public static dev.etcdj.api.peer.Snapshot toProto(Snapshot s) {
    return dev.etcdj.api.peer.Snapshot.newBuilder()
        .setMetadata(dev.etcdj.api.peer.SnapshotMetadata.newBuilder()
            .setIndex(s.index())
            .setTerm(s.term())
            .setConfState(toProto(s.metadata().confState())))
        .setData(wrap(s.data()))
        .build();
  }

  public static Snapshot fromProto(dev.etcdj.api.peer.Snapshot p) {
    dev.etcdj.api.peer.SnapshotMetadata md = p.getMetadata();
    return new Snapshot(new SnapshotMetadata(md.getIndex(), md.getTerm(), fromProto(md.getConfState())),
        p.getData().toByteArray());
  }

  public static dev.etcdj.api.peer.ConfState toProto(ConfState cs) {
    return dev.etcdj.api.peer.ConfState.newBuilder()
        .addAllVoters(cs.voters())
        .addAllLearners(cs.learners())
        .build();
  }

  public static ConfState fromProto(dev.etcdj.api.peer.ConfState p) {
    return new ConfState(new java.util.HashSet<>(p.getVotersList()), new java.util.HashSet<>(p.getLearnersList()));
  }

  private static ByteString wrap(byte[] b) {
    return b.length == 0 ? ByteString.EMPTY : UnsafeByteOperations.unsafeWrap(b);
  }
}

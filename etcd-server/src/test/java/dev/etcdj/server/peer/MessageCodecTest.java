package dev.etcdj.server.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.etcdj.raft.ConfState;
import dev.etcdj.raft.Entry;
import dev.etcdj.raft.EntryType;
import dev.etcdj.raft.Message;
import dev.etcdj.raft.MessageType;
import dev.etcdj.raft.Snapshot;
import dev.etcdj.raft.SnapshotMetadata;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
  /** Round-trips through bytes too, as the wire does. */
  static Message roundTrip(Message m) throws Exception {
    byte[] wire = MessageCodec.toProto(m).toByteArray();
    return MessageCodec.fromProto(dev.etcdj.api.peer.Message.parseFrom(wire));
  }

  static void assertSame(Message a, Message b) {
    assertEquals(a.type(), b.type());
    assertEquals(a.to(), b.to());
    assertEquals(a.from(), b.from());
    assertEquals(a.term(), b.term());
    assertEquals(a.logTerm(), b.logTerm());
    assertEquals(a.index(), b.index());
    assertEquals(a.commit(), b.commit());
    assertEquals(a.reject(), b.reject());
    assertEquals(a.rejectHint(), b.rejectHint());
    assertArrayEquals(a.context(), b.context());
    assertEquals(a.entries().size(), b.entries().size());
    for (int i = 0; i < a.entries().size(); i++) {
      assertTrue(a.entries().get(i).sameAs(b.entries().get(i)), a.entries().get(i) + " vs " + b.entries().get(i));
    }
    if (a.snapshot() == null) {
      assertNull(b.snapshot());
    } else {
      assertEquals(a.snapshot().metadata(), b.snapshot().metadata());
      assertArrayEquals(a.snapshot().data(), b.snapshot().data());
    }
  }

  @Test
  void everyFieldRoundTrips() throws Exception {
    Message m = Message.builder(MessageType.MsgApp)
        .to(0x8e9e05c52164694dL)
        .from(-1L) // max uint64
        .term(7).logTerm(6).index(41).commit(40)
        .reject(true).rejectHint(0xfedcba9876543210L)
        .context("ctx".getBytes(StandardCharsets.UTF_8))
        .entries(List.of(
            Entry.normal(6, 42, "a".getBytes(StandardCharsets.UTF_8)),
            new Entry(7, 43, EntryType.CONF_CHANGE, new byte[] {1, 2, 3}),
            Entry.normal(7, 44, new byte[0])))
        .build();
    Message back = roundTrip(m);
    assertSame(m, back);
    assertEquals(-1L, back.from());
  }

  @Test
  void everyMessageTypeRoundTrips() throws Exception {
    for (MessageType t : MessageType.values()) {
      Message m = Message.builder(t).to(1).from(2).term(3).build();
      assertEquals(t, roundTrip(m).type());
    }
  }

  @Test
  void snapshotRoundTrips() throws Exception {
    Snapshot s = new Snapshot(new SnapshotMetadata(100, 5, new ConfState(Set.of(1L, 2L, -3L), Set.of(4L))),
        "state".getBytes(StandardCharsets.UTF_8));
    Message m = Message.builder(MessageType.MsgSnap).to(2).from(1).term(5).snapshot(s).build();
    Message back = roundTrip(m);
    assertSame(m, back);
    assertEquals(Set.of(1L, 2L, -3L), back.snapshot().metadata().confState().voters());
    assertEquals(Set.of(4L), back.snapshot().metadata().confState().learners());
  }

  @Test
  void emptySnapshotStaysPresentAndNoSnapshotStaysNull() throws Exception {
    Message withEmpty = Message.builder(MessageType.MsgSnap).to(2).from(1).snapshot(Snapshot.EMPTY).build();
    Message back = roundTrip(withEmpty);
    assertEquals(Snapshot.EMPTY.metadata(), back.snapshot().metadata());
    assertEquals(0, back.snapshot().data().length);

    Message without = Message.builder(MessageType.MsgHeartbeat).to(2).from(1).build();
    assertNull(roundTrip(without).snapshot());
    assertTrue(roundTrip(without).entries().isEmpty());
  }

  @Test
  void nullContextStaysNull() throws Exception {
    Message m = Message.builder(MessageType.MsgHeartbeat).to(2).from(1).context(null).build();
    assertNull(roundTrip(m).context());
    // proto3 bytes have no presence: empty context comes back as null (documented)
    Message empty = Message.builder(MessageType.MsgHeartbeat).to(2).from(1).context(new byte[0]).build();
    assertNull(roundTrip(empty).context());
  }

  @Test
  void unknownTypeIsRejected() {
    dev.etcdj.api.peer.Message p = dev.etcdj.api.peer.Message.newBuilder().setType(999).build();
    assertThrows(IllegalArgumentException.class, () -> MessageCodec.fromProto(p));
    dev.etcdj.api.peer.Message n = dev.etcdj.api.peer.Message.newBuilder().setType(-1).build();
    assertThrows(IllegalArgumentException.class, () -> MessageCodec.fromProto(n));
  }

  @Test
  void entryAndConfStateConversions() {
    Entry e = new Entry(3, 9, EntryType.CONF_CHANGE, new byte[] {9});
    assertTrue(e.sameAs(MessageCodec.fromProto(MessageCodec.toProto(e))));
    ConfState cs = new ConfState(Set.of(5L), Set.of(6L, 7L));
    assertEquals(cs, MessageCodec.fromProto(MessageCodec.toProto(cs)));
  }
}

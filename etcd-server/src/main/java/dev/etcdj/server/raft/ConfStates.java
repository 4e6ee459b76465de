package dev.etcdj.server.raft;

import dev.etcdj.raft.ConfState;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;

/**
 * The membership recorded in snapshot files: [voter count:4][voters:8 each][learner count:4]
 * [learners:8 each], big-endian.
 */
final class ConfStates {
  private ConfStates() {}

  static byte[] encode(ConfState cs) {
    ByteBuffer b = ByteBuffer.allocate(8 + 8 * (cs.voters().size() + cs.learners().size()));
    b.putInt(cs.voters().size());
    cs.voters().stream().sorted().forEach(b::putLong);
    b.putInt(cs.learners().size());
    cs.learners().stream().sorted().forEach(b::putLong);
    return b.array();
  }

  static ConfState decode(byte[] data) {
    ByteBuffer b = ByteBuffer.wrap(data);
    Set<Long> voters = new HashSet<>();
    for (int i = b.getInt(); i > 0; i--) {
      voters.add(b.getLong());
    }
    Set<Long> learners = new HashSet<>();
    for (int i = b.getInt(); i > 0; i--) {
      learners.add(b.getLong());
    }
    return new ConfState(voters, learners);
  }
}

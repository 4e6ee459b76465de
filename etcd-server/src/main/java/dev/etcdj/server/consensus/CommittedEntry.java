package dev.etcdj.server.consensus;

/**
 * What the apply loop receives from consensus, in log order: an entry durable on a quorum, at
 * {@code index} in every member's log (a conf change entry carries an encoded
 * {@link dev.etcdj.raft.ConfChange}), or a snapshot from the leader that replaces the state
 * machine up to {@code index} before any later entry is applied.
 */
public record CommittedEntry(Kind kind, long index, long term, byte[] data) {
  public enum Kind { NORMAL, CONF_CHANGE, SNAPSHOT }

  public boolean confChange() {
    return kind == Kind.CONF_CHANGE;
  }
}

package dev.etcdj.storage.wal;

/** Raft's persistent state: current term, vote in that term, and the commit index. */
public record HardState(long term, long vote, long commit) {
  public static final HardState EMPTY = new HardState(0, 0, 0);

  public boolean isEmpty() {
    return term == 0 && vote == 0 && commit == 0;
  }
}

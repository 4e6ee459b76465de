package dev.etcdj.server.consensus;

/** What Maintenance.Status and the metrics report about consensus. */
public record ConsensusStatus(long leaderId, long term, long commitIndex, long leaderChanges) {
  public boolean hasLeader() {
    return leaderId != 0;
  }
}

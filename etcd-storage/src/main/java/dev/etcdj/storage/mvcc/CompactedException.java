package dev.etcdj.storage.mvcc;

/** The requested revision is older than the compaction revision (etcd's ErrCompacted). */
public class CompactedException extends MvccException {
  public static final String MESSAGE = "mvcc: required revision has been compacted";
  private final long compactRevision;

  public CompactedException(long compactRevision) {
    super(MESSAGE);
    this.compactRevision = compactRevision;
  }

  /** The store's compaction revision when the request was refused (for watch responses). */
  public long compactRevision() {
    return compactRevision;
  }
}

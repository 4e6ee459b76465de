package dev.etcdj.server.watch;

import dev.etcdj.api.Event;
import java.util.List;

/**
 * One reply a {@link WatchStream} hands to its consumer, in order: etcd's mvcc.WatchResponse
 * (events of one watcher) or one of v3rpc's control replies (created, canceled, progress).
 *
 * @param watchId the watch id; -1 for a stream-wide progress reply or a refused create
 * @param revision the header revision: for events the revision up to which the watcher has
 *     observed the store (the events' revision for live notifications)
 * @param events the events, in revision order (empty for control/progress replies)
 * @param created a create reply
 * @param canceled a cancel reply (also with created for a refused create, or with
 *     compactRevision when the watcher fell behind a compaction)
 * @param compactRevision non-zero when the watch was canceled by compaction
 * @param cancelReason etcd's reason text for a refused create, else ""
 * @param fragment the watch asked for fragmented responses
 */
public record WatchUpdate(long watchId, long revision, List<Event> events, boolean created,
    boolean canceled, long compactRevision, String cancelReason, boolean fragment) {

  static WatchUpdate events(long watchId, long revision, List<Event> events, boolean fragment) {
    return new WatchUpdate(watchId, revision, events, false, false, 0, "", fragment);
  }

  static WatchUpdate control(long watchId, long revision, boolean created, boolean canceled,
      long compactRevision, String cancelReason) {
    return new WatchUpdate(watchId, revision, List.of(), created, canceled, compactRevision,
        cancelReason, false);
  }

  /** A progress reply: no events, not created, not canceled. */
  public boolean isProgress() {
    return events.isEmpty() && !created && !canceled;
  }
}

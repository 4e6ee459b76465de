package dev.etcdj.server.peer;

import dev.etcdj.raft.Message;
import java.io.IOException;
import java.io.InputStream;

/**
 * Follower side: stores the bytes of an incoming snapshot durably.
 *
 * <p>Called on a blocking-task thread (may block on I/O), before the MsgSnap is handed to
 * {@link RaftInbox#receive}; the MsgSnap is delivered only if this method returns normally.
 *
 * <p>Contract of {@code data}: it reaches end-of-stream only after the sender's SHA-256 of all
 * the bytes was received and verified. If the checksum does not match, or the sender goes away,
 * {@code read} throws an {@link IOException}. An implementation must therefore read to
 * end-of-stream before making the snapshot visible, and must discard what it wrote if reading
 * throws.
 */
public interface SnapshotSink {
  void receive(Message msgSnap, InputStream data) throws IOException;
}

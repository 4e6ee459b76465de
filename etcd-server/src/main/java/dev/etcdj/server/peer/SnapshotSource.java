package dev.etcdj.server.peer;

import dev.etcdj.raft.Message;
import java.io.IOException;
import java.io.InputStream;

/**
 * Leader side: the bytes of the state machine that go with an outgoing MsgSnap.
 *
 * <p>Called on a snapshot-sender thread (never the Raft thread); may block on I/O. The
 * transport closes the returned stream when done, successful or not.
 */
public interface SnapshotSource {
  InputStream open(Message msgSnap) throws IOException;
}

package dev.etcdj.server.peer;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded hand-over of byte chunks from the gRPC callback thread (producer) to the thread
 * running the {@link SnapshotSink} (consumer), exposed to the consumer as an InputStream.
 *
 * <p>Invariants: the consumer sees the chunks in the order they were put; end-of-stream is
 * returned only after {@link #finish()}; after {@link #abort} every read throws. At most
 * {@code capacity} chunks are buffered, so a slow sink slows the producer (and, through gRPC
 * flow control, the sender). Once the consumer closes its stream, {@link #put} discards and
 * never blocks.
 */
final class ChunkPipe {
  private static final Object EOF = new Object();

  private final ArrayBlockingQueue<Object> queue;
  private volatile boolean readerClosed;
  private final Reader reader = new Reader();

  ChunkPipe(int capacity) {
    queue = new ArrayBlockingQueue<>(capacity);
  }

  InputStream inputStream() {
    return reader;
  }

  /** Blocks while the pipe is full. Returns false if the reader has gone away. */
  boolean put(ByteString chunk) throws InterruptedException {
    return offer(chunk);
  }

  /** Lets the reader reach end-of-stream after what was put. */
  void finish() {
    offerUninterruptibly(EOF);
  }

  /** Makes the reader fail with {@code cause} after what was put. */
  void abort(IOException cause) {
    offerUninterruptibly(cause);
  }

  private boolean offer(Object o) throws InterruptedException {
    while (!readerClosed) {
      if (queue.offer(o, 100, TimeUnit.MILLISECONDS)) {
        return true;
      }
    }
    return false;
  }

  private void offerUninterruptibly(Object o) {
    boolean interrupted = false;
    while (true) {
      try {
        offer(o);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private final class Reader extends InputStream {
    private ByteString current = ByteString.EMPTY;
    private int pos;
    private Object terminal; // EOF or an IOException, sticky

    /** Makes sure {@code current} has unread bytes; false at end-of-stream. */
    private boolean fill() throws IOException {
      while (pos >= current.size()) {
        if (terminal == EOF) {
          return false;
        }
        if (terminal != null) {
          throw new IOException(((IOException) terminal).getMessage(), (IOException) terminal);
        }
        if (readerClosed) {
          throw new IOException("stream closed");
        }
        Object next;
        try {
          next = queue.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("interrupted while waiting for snapshot data");
        }
        if (next instanceof ByteString b) {
          current = b;
          pos = 0;
        } else {
          terminal = next;
        }
      }
      return true;
    }

    @Override
    public int read() throws IOException {
      if (!fill()) {
        return -1;
      }
      return current.byteAt(pos++) & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (!fill()) {
        return -1;
      }
      int n = Math.min(len, current.size() - pos);
      current.copyTo(b, pos, off, n);
      pos += n;
      return n;
    }

    @Override
    public void close() {
      readerClosed = true;
      queue.clear();
    }
  }
}

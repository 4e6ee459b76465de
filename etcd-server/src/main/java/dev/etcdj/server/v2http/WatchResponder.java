package dev.etcdj.server.v2http;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.ResponseHeaders;
import dev.etcdj.server.apply.V2Applier;
import dev.etcdj.server.v2store.Event;
import dev.etcdj.server.v2store.V2Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams a v2 watch's events as etcd's {@code handleKeyWatch}: headers at once, then one JSON
 * event per line; a long poll ends after its first event, a stream runs until the client goes.
 * Events that arrive before the response exists (a watch answered from the history) wait.
 */
final class WatchResponder {
  private final boolean stream;
  private final List<Event> pending = new ArrayList<>();
  private HttpResponseWriter writer;
  private boolean done;

  WatchResponder(boolean stream) {
    this.stream = stream;
  }

  /** The watcher's sink: false once the response is gone, which drops the watcher. */
  synchronized boolean offer(Event e) {
    if (done) {
      return false;
    }
    if (writer == null) {
      pending.add(e);
      return true;
    }
    return write(e);
  }

  synchronized HttpResponse open(ResponseHeaders headers, Runnable onClose) {
    writer = HttpResponse.streaming();
    writer.write(headers);
    // async: the watcher hub's lock must never be taken while this responder's is held
    writer.whenComplete().handleAsync((v, t) -> {
      synchronized (this) {
        done = true;
      }
      onClose.run();
      return null;
    });
    for (Event e : pending) {
      if (!write(e)) {
        break;
      }
    }
    pending.clear();
    return writer;
  }

  private boolean write(Event e) {
    if (done || !writer.tryWrite(HttpData.ofUtf8(V2Json.event(e, V2Applier.KEYS_PREFIX, true)))) {
      return false;
    }
    if (!stream) {
      done = true;
      writer.close();
    }
    return true;
  }
}

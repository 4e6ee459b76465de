package dev.etcdj.server.grpcproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.protobuf.ByteString;
import dev.etcdj.api.Event;
import dev.etcdj.api.KeyValue;
import dev.etcdj.api.ResponseHeader;
import dev.etcdj.api.WatchCreateRequest;
import dev.etcdj.api.WatchResponse;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProxyWatcherTest {
  final List<WatchResponse> sent = new ArrayList<>();
  final WatchProxyStream stream = new WatchProxyStream(new StreamObserver<>() {
    @Override
    public void onNext(WatchResponse r) {
      sent.add(r);
    }

    @Override
    public void onError(Throwable t) {
    }

    @Override
    public void onCompleted() {
    }
  }, null, null, new Namespace(""), null);

  static Event put(String key, long rev) {
    return Event.newBuilder().setType(Event.EventType.PUT)
        .setKv(KeyValue.newBuilder().setKey(ByteString.copyFromUtf8(key)).setModRevision(rev))
        .setPrevKv(KeyValue.newBuilder().setKey(ByteString.copyFromUtf8(key))).build();
  }

  static WatchResponse events(long headerRev, Event... events) {
    return WatchResponse.newBuilder().setHeader(ResponseHeader.newBuilder().setRevision(headerRev))
        .setWatchId(77).addAllEvents(List.of(events)).build();
  }

  ProxyWatcher watcher(WatchCreateRequest cr, long nextRev) {
    return new ProxyWatcher(new WatchRange(cr.getKey(), cr.getRangeEnd()), 3, cr, nextRev, stream);
  }

  @Test
  void dropsEventsBeforeItsStartAndRenumbers() {
    ProxyWatcher w = watcher(WatchCreateRequest.newBuilder().setPrevKv(true).build(), 5);
    w.send(events(6, put("a", 4), put("a", 5), put("b", 6)));
    assertEquals(1, sent.size());
    assertEquals(3, sent.get(0).getWatchId());
    assertEquals(List.of(5L, 6L), sent.get(0).getEventsList().stream().map(e -> e.getKv().getModRevision()).toList());
    // already delivered revisions are not repeated by a broadcast that is behind
    w.send(events(6, put("b", 6)));
    assertEquals(1, sent.size());
  }

  @Test
  void appliesFiltersAndPrevKvChoice() {
    ProxyWatcher w = watcher(WatchCreateRequest.newBuilder()
        .addFilters(WatchCreateRequest.FilterType.NODELETE).build(), 1);
    Event del = Event.newBuilder().setType(Event.EventType.DELETE)
        .setKv(KeyValue.newBuilder().setModRevision(2)).build();
    w.send(events(2, put("a", 1), del));
    assertEquals(1, sent.get(0).getEventsCount());
    assertFalse(sent.get(0).getEvents(0).hasPrevKv());
  }

  @Test
  void progressNotificationsOnlyWhenAskedFor() {
    ProxyWatcher quiet = watcher(WatchCreateRequest.getDefaultInstance(), 1);
    ProxyWatcher asked = watcher(WatchCreateRequest.newBuilder().setProgressNotify(true).build(), 1);
    quiet.send(events(9));
    assertEquals(0, sent.size());
    asked.send(events(9));
    assertEquals(1, sent.size());
  }
}

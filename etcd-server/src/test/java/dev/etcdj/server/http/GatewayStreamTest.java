package dev.etcdj.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.etcdj.api.LeaseKeepAliveRequest;
import dev.etcdj.api.WatchRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayStreamTest {
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  @Test
  void bodyIsASequenceOfRequests() throws Exception {
    List<Message> reqs = GatewayStream.requests("{\"ID\":7} {\"ID\":8}\n",
        LeaseKeepAliveRequest.getDefaultInstance(), PARSER);
    assertEquals(List.of(LeaseKeepAliveRequest.newBuilder().setID(7).build(),
        LeaseKeepAliveRequest.newBuilder().setID(8).build()), reqs);
  }

  @Test
  void watchCreateAsCurlSendsIt() throws Exception {
    List<Message> reqs = GatewayStream.requests("{\"create_request\" : {\"key\":\"Zm9v\",\"start_revision\":1}}",
        WatchRequest.getDefaultInstance(), PARSER);
    WatchRequest w = (WatchRequest) reqs.get(0);
    assertEquals("foo", w.getCreateRequest().getKey().toStringUtf8());
    assertEquals(1, w.getCreateRequest().getStartRevision());
  }

  @Test
  void badJsonIsRefused() {
    assertThrows(InvalidProtocolBufferException.class,
        () -> GatewayStream.requests("{\"ID\":", LeaseKeepAliveRequest.getDefaultInstance(), PARSER));
  }
}

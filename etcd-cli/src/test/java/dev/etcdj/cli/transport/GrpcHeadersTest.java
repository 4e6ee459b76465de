package dev.etcdj.cli.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrpcHeadersTest {
    @Test
    void timeoutHasAtMostEightDigits() {
        assertEquals("5000000u", GrpcHeaders.timeout(5_000_000_000L));
        assertEquals("99999999n", GrpcHeaders.timeout(99_999_999L));
        assertEquals("100000u", GrpcHeaders.timeout(100_000_000L));
        assertEquals("1n", GrpcHeaders.timeout(0));
        assertEquals("100000S", GrpcHeaders.timeout(100_000_000_000_000L));
    }

    @Test
    void statusOfTrailersDecodesTheMessage() {
        Status s = GrpcHeaders.status(List.of(new HpackDecoder.Field("grpc-status", "9"),
                new HpackDecoder.Field("grpc-message", "etcdserver: key is not provided %E2%9C%93 100%")));
        assertEquals(Status.Code.FAILED_PRECONDITION, s.getCode());
        assertEquals("etcdserver: key is not provided \u2713 100%", s.getDescription());
    }

    @Test
    void statusWithoutGrpcStatusFollowsTheHttpStatus() {
        assertEquals(Status.Code.UNIMPLEMENTED, GrpcHeaders.status(List.of(new HpackDecoder.Field(":status", "404"))).getCode());
        assertEquals(Status.Code.INTERNAL, GrpcHeaders.status(List.of(new HpackDecoder.Field(":status", "200"))).getCode());
        assertNull(GrpcHeaders.httpFailure(List.of(new HpackDecoder.Field(":status", "200"))));
    }

    @Test
    void deframerSplitsMessagesAcrossAnyDataBoundaries() {
        byte[] stream = {0, 0, 0, 0, 2, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 9};
        for (int cut = 0; cut <= stream.length; cut++) {
            List<byte[]> out = new ArrayList<>();
            MessageDeframer d = new MessageDeframer();
            d.feed(stream, 0, cut, out::add);
            d.feed(stream, cut, stream.length - cut, out::add);
            assertEquals(3, out.size());
            assertEquals(List.of(7, 8), List.of((int) out.get(0)[0], (int) out.get(0)[1]));
            assertEquals(0, out.get(1).length);
            assertEquals(9, out.get(2)[0]);
        }
    }
}

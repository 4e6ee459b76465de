package dev.etcdj.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.MethodDescriptor;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

class GrpcServerMetricsTest {
  @Test
  void labelsUseGoNames() {
    assertEquals("Canceled", dev.etcdj.api.GoCodes.name(Status.Code.CANCELLED));
    assertEquals("DeadlineExceeded", dev.etcdj.api.GoCodes.name(Status.Code.DEADLINE_EXCEEDED));
    assertEquals("bidi_stream", GrpcServerMetrics.typeName(MethodDescriptor.MethodType.BIDI_STREAMING));
    assertEquals("unary", GrpcServerMetrics.typeName(MethodDescriptor.MethodType.UNARY));
  }

  @Test
  void counterVecRendersOneSeriesPerLabelSet() {
    Metrics registry = new Metrics();
    Metrics.CounterVec handled = registry.counterVec("grpc_server_handled_total", "help", "grpc_code", "grpc_method");
    handled.inc("Canceled", "Watch");
    handled.inc("Canceled", "Watch");
    handled.inc("OK", "Range");
    String text = registry.scrape();
    assertTrue(text.contains("# TYPE grpc_server_handled_total counter\n"), text);
    assertTrue(text.contains("grpc_server_handled_total{grpc_code=\"Canceled\",grpc_method=\"Watch\"} 2\n"), text);
    assertTrue(text.contains("grpc_server_handled_total{grpc_code=\"OK\",grpc_method=\"Range\"} 1\n"), text);
  }
}

package dev.etcdj.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamPermitsTest {
  @Test
  void callsBeyondTheLimitWaitForAFreeStream() {
    StreamPermits permits = new StreamPermits(2);
    List<String> granted = new ArrayList<>();
    StreamPermits.Ticket a = permits.acquire(() -> granted.add("a"));
    permits.acquire(() -> granted.add("b"));
    permits.acquire(() -> granted.add("c"));
    assertEquals(List.of("a", "b"), granted);
    a.release();
    assertEquals(List.of("a", "b", "c"), granted);
    assertEquals(2, permits.inUse());
  }

  @Test
  void aWaiterThatLeavesNeverGetsAStream() {
    StreamPermits permits = new StreamPermits(1);
    List<String> granted = new ArrayList<>();
    StreamPermits.Ticket a = permits.acquire(() -> granted.add("a"));
    StreamPermits.Ticket b = permits.acquire(() -> granted.add("b"));
    b.release();
    a.release();
    a.release();
    assertEquals(List.of("a"), granted);
    assertEquals(0, permits.inUse());
  }
}

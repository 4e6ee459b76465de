package dev.etcdj.server.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.etcdj.discovery.srv.SrvTarget;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemotePickerTest {

  private static Remote remote(String host, int priority, int weight) {
    return new Remote(new SrvTarget(host, 2379, priority, weight));
  }

  private static List<String> picks(RemotePicker picker, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Remote r = picker.pick();
      out.add(r == null ? null : r.target().host());
    }
    return out;
  }

  @Test
  void roundRobinSkipsInactiveEndpoints() {
    Remote a = remote("a", 0, 0);
    Remote b = remote("b", 0, 0);
    Remote c = remote("c", 0, 0);
    RemotePicker picker = new RemotePicker(List.of(a, b, c));
    assertEquals(List.of("a", "b", "c", "a"), picks(picker, 4));
    b.inactivate();
    assertEquals(List.of("c", "a", "c", "a"), picks(picker, 4));
    b.activate();
    assertEquals(List.of("b", "c"), picks(picker, 2));
  }

  @Test
  void noneActiveMeansNoPick() {
    Remote a = remote("a", 0, 0);
    a.inactivate();
    assertNull(new RemotePicker(List.of(a)).pick());
  }

  @Test
  void weightsPickOnlyTheBestPriority() {
    Remote primary = remote("primary", 0, 10);
    Remote backup = remote("backup", 5, 10);
    RemotePicker picker = new RemotePicker(List.of(backup, primary));
    assertEquals(List.of("primary", "primary", "primary"), picks(picker, 3));
    primary.inactivate();
    assertEquals(List.of("backup", "backup"), picks(picker, 2));
  }
}

package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test of etcdctl's lease commands: the same session against Debian's real etcd
 * and ours prints the same once lease IDs (chosen by each server), member/cluster IDs, terms
 * and the endpoint are masked. "{id}" in a step stands for the lease that session granted last.
 */
class LeaseEtcdctlIT extends RealAndOursTest {
  private static final Pattern GRANTED = Pattern.compile("lease ([0-9a-f]+) granted");


  static final List<List<String>> SESSION = List.of(
      List.of("lease", "grant", "10"),
      List.of("put", "k", "v", "--lease={id}"),
      List.of("get", "k", "-w", "json"),
      List.of("lease", "timetolive", "{id}", "--keys"),
      List.of("lease", "timetolive", "{id}", "--keys", "-w", "json"),
      List.of("lease", "list"),
      List.of("lease", "keep-alive", "--once", "{id}"),
      List.of("put", "k2", "v2", "--lease={id}"),
      List.of("put", "k3", "v3"),
      List.of("put", "k3", "v3", "--lease={id}"),
      List.of("put", "k3", "v4", "--ignore-lease"),
      List.of("lease", "revoke", "{id}"),
      List.of("get", "k", "--prefix"),
      List.of("lease", "timetolive", "{id}"),
      List.of("lease", "revoke", "{id}"),
      List.of("lease", "keep-alive", "--once", "{id}"),
      List.of("put", "k", "v", "--lease={id}"),
      List.of("lease", "list"),
      List.of("lease", "grant", "9000000001"),
      List.of("lease", "grant", "1"),
      List.of("lease", "timetolive", "{id}"));

  /** One server's run of the session: the lease it granted last, and every step's output. */
  static final class Session {
    final ServerProcess server;
    final List<String> leaseIds = new ArrayList<>();
    String lease = "0";

    Session(ServerProcess server) {
      this.server = server;
    }

    Etcdctl.Result run(List<String> step) {
      String[] args = step.stream().map(a -> a.replace("{id}", lease)).toArray(String[]::new);
      Etcdctl.Result r = Etcdctl.run(server.endpoint(), args);
      Matcher m = GRANTED.matcher(r.stdout());
      if (m.find()) {
        lease = m.group(1);
        leaseIds.add(lease);
      }
      return r;
    }

    String mask(String out) {
      String masked = EtcdctlCompatibilityIT.mask(out, server);
      for (String id : leaseIds) {
        masked = masked.replace(id, "LEASE").replace(Long.toString(Long.parseUnsignedLong(id, 16)), "LEASE");
      }
      // the remaining TTL depends on timing; one second either way is fine
      return masked.replaceAll("remaining\\(\\d+s\\)", "remaining(Ns)").replaceAll("\"ttl\":\\d+", "\"ttl\":N");
    }
  }

  @Test
  void leaseSessionPrintsTheSameAsRealEtcd() {
    Session expected = new Session(real);
    Session actual = new Session(ours);
    List<Executable> checks = new ArrayList<>();
    for (List<String> step : SESSION) {
      Etcdctl.Result exp = expected.run(step);
      Etcdctl.Result act = actual.run(step);
      String what = String.join(" ", step);
      String e = expected.mask(exp.stdout() + exp.stderr());
      String a = actual.mask(act.stdout() + act.stderr());
      checks.add(() -> assertEquals(e, a, "output of etcdctl " + what));
      checks.add(() -> assertEquals(exp.exitCode(), act.exitCode(), "exit code of etcdctl " + what));
    }
    assertAll(checks);
  }

  @Test
  void grantedIdsArePositiveAndUnique() {
    Session s = new Session(ours);
    try {
      for (int i = 0; i < 20; i++) {
        s.run(List.of("lease", "grant", "60"));
      }
      assertEquals(20, s.leaseIds.stream().distinct().count());
      assertTrue(s.leaseIds.stream().allMatch(id -> Long.parseUnsignedLong(id, 16) > 0));
    } finally {
      s.leaseIds.forEach(id -> Etcdctl.run(ours.endpoint(), "lease", "revoke", id)); // leave "lease list" as it was
    }
  }
}

package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our {@code etcdctl check perf} and {@code check datascale} against our server with the smallest
 * workloads: etcdctl's report lines, its exit code agreeing with the verdict, the workload's keys
 * deleted afterwards, and etcdctl's refusals.
 */
class CheckIT {
  @TempDir
  Path tmp;

  private static Etcdctl.Result ok(Etcdctl.Result r) {
    assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
    return r;
  }

  @Test
  void datascaleReportsTheMemoryItTookAndCleansUp() {
    try (ServerProcess ours = ServerProcess.startOurs(tmp.resolve("ours"))) {
      Etcdctl.Result r = ok(OurTools.etcdctl(ours.endpoint(), "check", "datascale", "--load", "s",
          "--auto-compact", "--auto-defrag"));
      List<String> lines = r.stdout().lines().toList();
      assertEquals("Start data scale check for work load [10000 key-value pairs, 1024 bytes per key-value,"
          + " 50 concurrent clients].", lines.get(0), r.stdout());
      String rev = lines.get(1).replace("Compacting with revision ", "");
      assertTrue(rev.matches("\\d+") && Long.parseLong(rev) > 10000, r.stdout());
      assertEquals(List.of("Compacted with revision " + rev, "Defragmenting \"" + ours.endpoint() + "\"",
          "Defragmented \"" + ours.endpoint() + "\""), lines.subList(2, 5), r.stdout());
      assertTrue(lines.get(5).matches("PASS: Approximate system memory used : -?\\d+\\.\\d\\d MB\\."), r.stdout());
      assertEquals("0\n", ok(OurTools.etcdctl(ours.endpoint(), "get", "/etcdctl-check-datascale/", "--prefix",
          "--count-only", "-w", "fields")).stdout().lines().filter(l -> l.startsWith("\"Count\""))
          .map(l -> l.substring(l.indexOf(':') + 2) + "\n").findFirst().orElse(""));
      // the compaction removed the workload's history
      Etcdctl.Result old = OurTools.etcdctl(ours.endpoint(), "get", "x", "--rev", "2");
      List<String> err = old.stderr().lines().toList();
      assertEquals(2, err.size(), old.stderr());
      assertTrue(err.get(0).contains("\"msg\":\"retrying of unary invoker failed\"")
          && err.get(0).contains("code = OutOfRange desc = etcdserver: mvcc: required revision has been compacted"),
          old.stderr());
      assertEquals("Error: etcdserver: mvcc: required revision has been compacted", err.get(1));
    }
  }

  @Test
  void perfPrintsEtcdctlsVerdictLinesAndExitsByTheVerdict() {
    try (ServerProcess ours = ServerProcess.startOurs(tmp.resolve("ours"))) {
      Etcdctl.Result r = OurTools.etcdctl(ours.endpoint(), "check", "perf", "--load", "s", "--prefix", "/perf/");
      List<String> lines = r.stdout().lines().toList();
      assertEquals(4, lines.size(), r.stdout() + r.stderr());
      assertTrue(lines.get(0).matches("(PASS: Throughput is|FAIL: Throughput too low:) \\d+ writes/s"), r.stdout());
      assertTrue(lines.get(1).matches("(PASS: Slowest request took|Slowest request took too long:) \\d+\\.\\d{6}s"),
          r.stdout());
      assertTrue(lines.get(2).matches("(PASS: Stddev is|Stddev too high:) \\d+\\.\\d{6}s"), r.stdout());
      boolean pass = lines.subList(0, 3).stream().allMatch(l -> l.startsWith("PASS"));
      assertEquals(pass ? "PASS" : "FAIL", lines.get(3), r.stdout());
      assertEquals(pass ? 0 : 1, r.exitCode());
      assertEquals("", ok(OurTools.etcdctl(ours.endpoint(), "get", "/perf/", "--prefix", "--keys-only")).stdout());
    }
  }

  @Test
  void refusesAPrefixWithKeysAndAnUnknownLoad() {
    try (ServerProcess ours = ServerProcess.startOurs(tmp.resolve("ours"))) {
      ok(OurTools.etcdctl(ours.endpoint(), "put", "/etcdctl-check-perf/x", "y"));
      Etcdctl.Result busy = OurTools.etcdctl(ours.endpoint(), "check", "perf");
      assertEquals(3, busy.exitCode());
      assertEquals("Error: prefix \"/etcdctl-check-perf/\" has keys. Delete with etcdctl del --prefix"
          + " /etcdctl-check-perf/ first\n", busy.stderr());
      Etcdctl.Result load = OurTools.etcdctl(ours.endpoint(), "check", "datascale", "--load", "huge");
      assertEquals(4, load.exitCode());
      assertEquals("Error: unknown load option huge\n", load.stderr());
    }
  }
}

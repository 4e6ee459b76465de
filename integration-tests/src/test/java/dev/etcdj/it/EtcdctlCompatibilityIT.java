package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test: the same etcdctl 3.4 session against Debian's real etcd 3.4.23 and against
 * ours must print the same thing, byte for byte once member/cluster IDs, raft terms and the
 * endpoint address are masked (they differ by construction).
 */
class EtcdctlCompatibilityIT extends RealAndOursTest {

  /** One etcdctl invocation: arguments and optional stdin. */
  record Step(String stdin, String... args) {
    static Step of(String... args) {
      return new Step(null, args);
    }
  }

  static final List<Step> SESSION = List.of(
      Step.of("put", "k1", "v1"),
      Step.of("put", "k2", "v2", "--prev-kv"),
      Step.of("put", "k1", "v11", "--prev-kv"),
      Step.of("put", "k3", "v3", "-w", "json"),
      Step.of("get", "k1"),
      Step.of("get", "k", "--prefix", "-w", "json"),
      Step.of("get", "k1", "--rev", "2"),
      Step.of("get", "", "--from-key", "--keys-only"),
      Step.of("get", "k", "--prefix", "--sort-by=VALUE", "--order=DESCEND"),
      Step.of("get", "k", "--prefix", "--sort-by=CREATE", "--order=ASCEND", "--print-value-only"),
      Step.of("get", "k", "--prefix", "--limit", "1", "-w", "json"),
      Step.of("get", "k", "--prefix", "--count-only", "-w", "json"),
      Step.of("get", "k1", "-w", "fields"),
      Step.of("get", "k", "--prefix", "--consistency=s"),
      Step.of("get", "nosuchkey", "-w", "json"),
      Step.of("del", "k2", "--prev-kv"),
      Step.of("del", "nosuchkey"),
      new Step("value(\"k1\") = \"v11\"\nversion(\"k3\") > \"0\"\n\nput k4 v4\nget k1\ndel k3\n\nput k5 v5\n\n",
          "txn", "-w", "json"),
      new Step("mod(\"k1\") > \"1000\"\n\nput k4 yes\n\nput k4 no\nget k4\n\n", "txn"),
      Step.of("put", "k6", "--ignore-value"),
      Step.of("put", "k1", "--ignore-value", "--prev-kv"),
      Step.of("put", "k1", "v", "--lease", "1234"),
      Step.of("put", "", "v"),
      Step.of("compaction", "4"),
      Step.of("get", "k1", "--rev", "2"),
      Step.of("get", "k1", "--rev", "100"),
      Step.of("compaction", "3"),
      new Step("\nput dup a\nput dup b\n\n\n", "txn"),
      Step.of("del", "k", "--prefix"),
      Step.of("get", "k", "--prefix", "-w", "json"),
      Step.of("get", "", "--from-key", "-w", "simple"),
      Step.of("alarm", "list"),
      Step.of("compaction", "--physical", "10"),
      Step.of("get", "k4", "--rev", "9", "-w", "json"));

  @Test
  void sessionPrintsTheSameAsRealEtcd() {
    List<org.junit.jupiter.api.function.Executable> checks = new ArrayList<>();
    for (Step step : SESSION) {
      Etcdctl.Result expected = Etcdctl.runWithInput(real.endpoint(), step.stdin(), step.args());
      Etcdctl.Result actual = Etcdctl.runWithInput(ours.endpoint(), step.stdin(), step.args());
      String what = String.join(" ", step.args());
      String exp = mask(expected.stdout() + expected.stderr(), real);
      String act = mask(actual.stdout() + actual.stderr(), ours);
      checks.add(() -> assertEquals(exp, act, "output of etcdctl " + what));
      checks.add(() -> assertEquals(expected.exitCode(), actual.exitCode(), "exit code of etcdctl " + what));
    }
    assertAll(checks);
  }

  @Test
  void maintenanceCommandsSucceed() {
    for (String[] args : List.of(
        new String[] {"endpoint", "health"},
        new String[] {"endpoint", "status"},
        new String[] {"endpoint", "hashkv"},
        new String[] {"defrag"},
        new String[] {"alarm", "disarm"},
        new String[] {"member", "list"})) {
      Etcdctl.Result expected = Etcdctl.run(real.endpoint(), args);
      Etcdctl.Result actual = Etcdctl.run(ours.endpoint(), args);
      assertEquals(expected.exitCode(), actual.exitCode(), String.join(" ", args) + ": " + actual.stderr());
      assertEquals(shape(expected.stdout(), real), shape(actual.stdout(), ours), String.join(" ", args));
    }
  }

  /** Masks what legitimately differs between two clusters: IDs, terms and addresses. */
  static String mask(String out, ServerProcess server) {
    return out.replace(server.endpoint(), "ENDPOINT")
        .replaceAll("\"ts\":\"[^\"]*\"", "\"ts\":T")
        .replaceAll("client-[0-9a-f-]+", "client-UUID")
        .replaceAll("\"(cluster_id|member_id|raft_term)\":\\d+", "\"$1\":N")
        .replaceAll("\"(ClusterID|MemberId|MemberID|RaftTerm)\" : \\d+", "\"$1\" : N");
  }

  /** The shape of a line-oriented output: numbers, hex IDs and durations masked too. */
  static String shape(String out, ServerProcess server) {
    return mask(out, server)
        .replaceAll("\\b[0-9a-f]{12,16}\\b", "ID")
        .replaceAll("took = [^\\n]*", "took = T")
        .replaceAll("\\d+(\\.\\d+)? ?(kB|MB|B)\\b", "SIZE")
        .replaceAll("\\b\\d+\\b", "N")
        .replaceAll("http://127\\.0\\.0\\.1:N", "URL");
  }
}

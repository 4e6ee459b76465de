package dev.etcdj.cli.etcdctl;

import dev.etcdj.cli.RealEtcd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.etcdj.cli.etcdctl.Ctl.step;

/** Usage errors, help, environment variables, connection errors. */
class MiscDiffTest {
    static RealEtcd etcd;

    @BeforeAll
    static void start() throws Exception {
        RealEtcd.assumeInstalled();
        etcd = new RealEtcd().start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (etcd != null) {
            etcd.close();
        }
    }

    @Test
    void usageAndHelp() throws Exception {
        Ctl.sameServer(etcd, List.of(
                step().noEndpoint(),
                step("--help").noEndpoint(),
                step("help").noEndpoint(),
                step("get", "--help"),
                step("put", "-h"),
                step("member"),
                step("lease", "--help"),
                step("endpoint"),
                step("watch", "--help"),
                step("txn", "--help"),
                step("snapshot", "save", "--help"),
                step("foo"),
                step("put", "--foo", "k", "v"),
                step("put", "-x", "k", "v"),
                step("put", "--lease"),
                step("--dial-timeout=abc", "get", "k"),
                step("--hex=maybe", "get", "k"),
                step("-w", "xml", "get", "k"),
                step("ge", "k"),
                step("mem", "li"),
                step("put", "k", "--prefix")));
    }

    @Test
    void flagSyntaxAsPflagReadsIt() throws Exception {
        Ctl.sameServer(etcd, List.of(
                step("put", "fk", "fv"),
                step("-wjson", "get", "fk"),
                step("-w=fields", "get", "fk"),
                step("get", "fk", "--write-out", "table"),
                step("get", "--print-value-only=true", "fk"),
                step("get", "fk", "--print-value-only", "false"),
                step("get", "--keys-only=maybe", "fk"),
                step("get", "--", "fk"),
                step("get", "-5"),
                step("get", "fk", "-w"),
                step("get", "fk", "--rev"),
                step("get", "fk", "---x"),
                step("txn", "-i=maybe"),
                step("elect", "-lq", "e"),
                step("lease", "gr", "--", "-1"),
                step("member", "bogus"),
                step("--command-timeout", "3s", "get", "fk", "-h")));
    }

    @Test
    void environment() throws Exception {
        Ctl.sameServer(etcd, List.of(
                step("put", "ek", "ev"),
                step("get", "ek").noEndpoint().env("ETCDCTL_ENDPOINTS", etcd.endpoint()),
                step("get", "ek").noEndpoint().env("ETCDCTL_ENDPOINTS", etcd.endpoint()).env("ETCDCTL_WRITE_OUT", "json"),
                step("get", "ek", "-w", "fields").noEndpoint().env("ETCDCTL_ENDPOINTS", etcd.endpoint())
                        .env("ETCDCTL_WRITE_OUT", "json"),
                step("get", "ek").env("ETCDCTL_HEX", "true"),
                step("get", "ek").env("ETCDCTL_ENDPOINTS", "127.0.0.1:1")));
    }

    @Test
    void failedCallsLogClientv3sRetryWarning() throws Exception {
        String[] args = {"--endpoints=" + etcd.endpoint(), "compaction", "999999"};
        Ctl.Result real = Ctl.real(args, "", java.util.Map.of());
        Ctl.Result ours = Ctl.ours(args, "", java.util.Map.of());
        org.junit.jupiter.api.Assertions.assertEquals(warnings(real.err()), warnings(ours.err()), ours.err());
        org.junit.jupiter.api.Assertions.assertEquals(1, warnings(ours.err()).size(), ours.err());
    }

    /** The warning lines without what differs per run: the time stamp and the client's random ID. */
    private static List<String> warnings(String err) {
        return err.lines().filter(l -> l.startsWith("{\"level\":\"warn\""))
                .map(l -> l.replaceAll("\"ts\":\"[^\"]*\"", "\"ts\":T").replaceAll("client-[0-9a-f-]+/", "client-ID/"))
                .toList();
    }

    @Test
    void debugDump() throws Exception {
        List<Ctl.Step> steps = List.of(step("--debug", "get", "nokey"), step("--debug=true", "--hex", "-w", "json", "get", "x"));
        for (Ctl.Step s : steps) {
            String[] args = new String[s.args.length + 1];
            args[0] = "--endpoints=" + etcd.endpoint();
            System.arraycopy(s.args, 0, args, 1, s.args.length);
            Ctl.Result real = Ctl.real(args, "", java.util.Map.of());
            Ctl.Result ours = Ctl.ours(args, "", java.util.Map.of());
            // gRPC's own debug log lines differ between Go and Java: compare the ETCDCTL_* dump and stdout
            org.junit.jupiter.api.Assertions.assertEquals(real.out(), ours.out());
            org.junit.jupiter.api.Assertions.assertEquals(envLines(real.err()), envLines(ours.err()));
        }
    }

    private static String envLines(String s) {
        StringBuilder sb = new StringBuilder();
        for (String l : s.split("\n")) {
            if (l.startsWith("ETCDCTL_")) {
                sb.append(l).append('\n');
            }
        }
        return sb.toString();
    }

    @Test
    void authenticatedUser() throws Exception {
        try (dev.etcdj.cli.RealEtcd authEtcd = new dev.etcdj.cli.RealEtcd().start()) {
            String ep = "--endpoints=" + authEtcd.endpoint();
            for (String[] a : new String[][] {{"user", "add", "root:rootpw"}, {"user", "add", "alice:alicepw"},
                {"role", "add", "r"}, {"role", "grant-permission", "r", "readwrite", "a", "b"},
                {"user", "grant-role", "alice", "r"}, {"auth", "enable"}}) {
                String[] args = new String[a.length + 1];
                args[0] = ep;
                System.arraycopy(a, 0, args, 1, a.length);
                Ctl.Result r = Ctl.real(args, "", java.util.Map.of());
                org.junit.jupiter.api.Assertions.assertEquals(0, r.rc(), r.toString());
            }
            Ctl.sameServer(authEtcd, List.of(
                    step("--user=root:rootpw", "put", "a1", "v"),
                    step("--user=alice:alicepw", "get", "a1"),
                    step("--user=alice", "--password=alicepw", "get", "a1", "-w", "json"),
                    step("--user=alice:alicepw", "put", "zz", "v"),
                    step("--user=alice:wrong", "get", "a1"),
                    step("get", "a1"),
                    step("--user=alice:alicepw", "endpoint", "health", "-w", "json"),
                    step("--user=bob:x", "get", "a1")));
        }
    }

    @Test
    void unreachable() throws Exception {
        int port = RealEtcd.freePort();
        Ctl.sameServer(etcd, List.of(
                step("--endpoints=127.0.0.1:" + port + "," + etcd.endpoint(), "put", "multi", "v").noEndpoint(),
                step("--endpoints=http://127.0.0.1:" + port + ",http://" + etcd.endpoint(), "get", "multi").noEndpoint(),
                step("--endpoints=127.0.0.1:" + port, "--command-timeout=1s", "get", "k").noEndpoint(),
                step("--endpoints=127.0.0.1:" + port, "--command-timeout=1s", "lease", "grant", "10").noEndpoint()));
    }
}

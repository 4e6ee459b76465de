package dev.etcdj.cli.etcdctl;

import dev.etcdj.cli.RealEtcd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.etcdj.cli.etcdctl.Ctl.step;

/**
 * ETCDCTL_API=2: the v2 commands etcd's e2e suite drives (set, mk, get, ls, rm, watch, cluster-health, user,
 * role), their flags' placement rules, errors and exit codes, against real etcdctl 3.4 on a v2-enabled etcd.
 * Real etcdctl runs each step first, so the steps are ones whose output does not depend on that.
 */
class V2DiffTest {
    static RealEtcd etcd;

    @BeforeAll
    static void start() throws Exception {
        RealEtcd.assumeInstalled();
        etcd = new RealEtcd().start("--enable-v2");
    }

    @AfterAll
    static void stop() throws Exception {
        if (etcd != null) {
            etcd.close();
        }
    }

    /** A v2 step against the server (real etcdctl needs the scheme in v2 mode). */
    private static Ctl.Step v2(String... args) {
        List<String> a = new ArrayList<>();
        a.add("--endpoints=http://" + etcd.endpoint());
        a.addAll(List.of(args));
        return step(a.toArray(new String[0])).noEndpoint().env("ETCDCTL_API", "2");
    }

    @Test
    void keys() throws Exception {
        Ctl.sameServer(etcd, List.of(
                v2("set", "/t/a", "1"),
                v2("get", "/t/a"),
                v2("get", "/t/a", "--quorum"),
                v2("get", "--quorum", "/t/a"),
                v2("-o", "extended", "get", "/t/a"),
                v2("-o", "json", "get", "/t/a"),
                v2("mk", "/t/a", "2"),
                v2("-o", "json", "mk", "/t/a", "2"),
                v2("get", "/t"),
                v2("get", "/nokey"),
                v2("rm", "/nokey"),
                v2("update", "/nokey", "v"),
                v2("updatedir", "/nodir"),
                v2("ls"),
                v2("ls", "/t"),
                v2("ls", "--sort", "/t", "-r"),
                v2("ls", "-r", "-p"),
                v2("--no-sync", "get", "/t/a"),
                v2("set"),
                v2("get"),
                v2("set", "--ttl", "x", "k", "v")));
    }

    @Test
    void membersAndAuth() throws Exception {
        Ctl.sameServer(etcd, List.of(
                v2("member", "list"),
                v2("cluster-health"),
                v2("user", "list"),
                v2("role", "list"),
                v2("user", "get", "nouser"),
                v2("role", "get", "norole"),
                v2("user", "grant", "u"),
                v2("role", "grant", "--rw", "--path=/foo/../bar", "r"),
                v2("role", "grant", "--path=/foo", "r"),
                v2("role", "grant", "--rw", "--path=/foo", "norole")));
    }

    @Test
    void usageAndConnection() throws Exception {
        Ctl.sameServer(etcd, List.of(
                step().noEndpoint().env("ETCDCTL_API", "2"),
                step("--version").noEndpoint().env("ETCDCTL_API", "2"),
                step("nosuch").noEndpoint().env("ETCDCTL_API", "2"),
                step("--foo", "get", "x").noEndpoint().env("ETCDCTL_API", "2"),
                step("get", "--foo", "x").noEndpoint().env("ETCDCTL_API", "2"),
                step("--endpoints=http://127.0.0.1:1", "get", "x").noEndpoint().env("ETCDCTL_API", "2"),
                step("--no-sync", "--endpoints=http://127.0.0.1:1", "get", "x").noEndpoint().env("ETCDCTL_API", "2"),
                step("--endpoints=" + etcd.endpoint(), "get", "x").noEndpoint().env("ETCDCTL_API", "2"),
                step("get", "/t/a").noEndpoint().env("ETCDCTL_API", "2")
                        .env("ETCDCTL_ENDPOINTS", "http://" + etcd.endpoint()),
                step("get", "x").env("ETCDCTL_API", "5")));
    }
}

package dev.etcdj.cli.etcdctl;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.etcdj.cli.etcdctl.Ctl.step;

/** lease grant/revoke/timetolive/list/keep-alive against the real etcdctl. */
class LeaseDiffTest {

    @Test
    void leases() throws Exception {
        Ctl.replay(List.of(
                step("lease", "grant", "300").capture("L", "lease ([0-9a-f]{16}) granted"),
                step("lease", "list"),
                step("lease", "list", "-w", "json"),
                step("lease", "list", "-w", "fields"),
                step("lease", "list", "-w", "protobuf"),
                step("put", "--lease=${L}", "lk1", "v"),
                step("lease", "timetolive", "${L}", "--keys", "-w", "json"),
                step("put", "--lease=${L}", "lk2", "v"),
                step("put", "lk2", "v2", "--ignore-lease", "--prev-kv", "-w", "json"),
                step("get", "lk", "--prefix", "-w", "fields").unordered(),
                step("lease", "timetolive", "${L}"),
                step("lease", "timetolive", "${L}", "--keys").unordered(),
                step("lease", "timetolive", "${L}", "--keys", "-w", "fields").unordered(),
                step("lease", "timetolive", "${L}", "-w", "json"),
                step("lease", "timetolive", "${L}", "-w", "table"),
                step("lease", "keep-alive", "--once", "${L}"),
                step("lease", "keep-alive", "--once", "${L}", "-w", "json"),
                step("lease", "keep-alive", "--once", "${L}", "-w", "fields"),
                step("lease", "revoke", "${L}"),
                step("lease", "revoke", "${L}"),
                step("lease", "timetolive", "${L}"),
                step("lease", "timetolive", "${L}", "-w", "json"),
                step("lease", "timetolive", "${L}", "-w", "fields"),
                step("lease", "keep-alive", "--once", "${L}"),
                step("lease", "keep-alive", "${L}"),
                step("get", "lk", "--prefix"),
                step("lease", "grant", "60", "-w", "fields"),
                step("lease", "grant", "60", "-w", "json"),
                step("lease", "grant", "60", "-w", "table"),
                step("lease", "grant", "x"),
                step("lease", "grant"),
                step("lease", "grant", "-5"),
                step("lease", "revoke", "zz"),
                step("lease", "revoke"),
                step("lease", "timetolive"),
                step("lease", "keep-alive"),
                step("lease", "revoke", "1234", "-w", "json")));
    }
}

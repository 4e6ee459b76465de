package dev.etcdj.cli.etcdctl;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.etcdj.cli.etcdctl.Ctl.step;

/** put, get, del, txn and compaction: every step's output must equal the real etcdctl's. */
class KvDiffTest {

    @Test
    void putGetDel() throws Exception {
        Ctl.replay(List.of(
                step("put", "k1", "v1"),
                step("put", "k1", "v2", "--prev-kv"),
                step("put", "k1", "v3", "--prev-kv", "-w", "json"),
                step("put", "k1", "v4", "--prev-kv", "-w", "fields"),
                step("put", "k1", "v5", "--prev-kv", "-w", "protobuf"),
                step("put", "k2").stdin("from stdin\nline2\n"),
                step("put", "k3", ""),
                step("put", "k4", "--", "-dash-value"),
                step("put", "k5", "v", "-w", "table"),
                step("put", "--ignore-value", "k1"),
                step("put", "--ignore-value", "k1", "v"),
                step("put", "--ignore-value", "--prev-kv", "nokey"),
                step("put", "--ignore-lease", "k1", "v6"),
                step("put"),
                step("put", "k1"),
                step("put", "k1", "v", "--lease=zz"),
                step("put", "k6", "v", "--lease=1234"),
                step("put", "uni\u00e9", "v\u00e9\u4e16"),
                step("put", "bin", "a\u0001b\tc\"d"),
                step("get", "k1"),
                step("get", "k", "--prefix"),
                step("get", "k", "--prefix", "-w", "json"),
                step("get", "k", "--prefix", "-w", "fields"),
                step("get", "k", "--prefix", "-w", "protobuf"),
                step("get", "k", "--prefix", "-w", "table"),
                step("get", "k", "--prefix", "--keys-only"),
                step("get", "k", "--prefix", "--keys-only", "-w", "json"),
                step("get", "k", "--prefix", "--print-value-only"),
                step("get", "k", "--prefix", "--print-value-only", "-w", "json"),
                step("get", "k", "--prefix", "--limit", "2", "-w", "fields"),
                step("get", "k1", "--rev", "2"),
                step("get", "k1", "--rev=3", "-w", "json"),
                step("get", "k", "--prefix", "--sort-by=VALUE", "--order=DESCEND"),
                step("get", "k", "--prefix", "--sort-by=create", "--order=ascend"),
                step("get", "k", "--prefix", "--sort-by=MODIFY"),
                step("get", "k", "--prefix", "--sort-by=VERSION", "--order=DESCEND"),
                step("get", "k", "--prefix", "--sort-by=KEY", "--order=DESCEND"),
                step("get", "k2", "--from-key"),
                step("get", "", "--from-key", "--keys-only"),
                step("get", "", "--prefix", "--keys-only"),
                step("get", "k1", "k3"),
                step("get", "k1", "--hex"),
                step("get", "uni\u00e9", "-w", "fields"),
                step("get", "uni\u00e9", "-w", "json"),
                step("get", "bin", "-w", "fields"),
                step("get", "bin", "--hex"),
                step("get", "k1", "--consistency=s"),
                step("get", "k1", "--consistency=x"),
                step("get", "k1", "--order=up"),
                step("get", "k1", "--sort-by=up"),
                step("get", "k", "--prefix", "--from-key"),
                step("get", "k1", "k3", "--prefix"),
                step("get", "k1", "--limit=x"),
                step("get"),
                step("get", "nothing"),
                step("get", "nothing", "-w", "json"),
                step("get", "nothing", "-w", "fields"),
                step("del", "k4", "--prev-kv"),
                step("del", "k3", "--prev-kv", "-w", "json"),
                step("del", "k2", "-w", "fields", "--prev-kv"),
                step("del", "nothing"),
                step("del", "k1", "k2", "k3"),
                step("del", "k", "--prefix", "--from-key"),
                step("del"),
                step("del", "uni", "--prefix", "-w", "protobuf"),
                step("del", "", "--from-key", "--prev-kv")));
    }

    @Test
    void txn() throws Exception {
        Ctl.replay(List.of(
                step("put", "a", "1"),
                step("txn").stdin("mod(\"a\") > \"0\"\nval(\"a\") = \"1\"\n\nput b \"v b\"\nget a\nput c 'xyz'\n\ndel a\n\n"),
                step("txn", "-w", "json").stdin("version(\"a\") = \"1\"\n\nget b --prefix\ndel c --prev-kv\n\nput z z\n\n"),
                step("txn", "-w", "fields").stdin("value(\"a\") != \"1\"\n\nput d d\n\nget a\nput e e --prev-kv\n\n"),
                step("txn", "-w", "protobuf").stdin("create(\"a\") < \"100\"\n\nput f f\n\n\n"),
                step("txn", "-i").stdin("c(\"a\") = \"2\"\n\nput g g\n\ndel g\n\n"),
                step("txn", "-i", "-w", "json").stdin("ver(\"zz\") = \"0\"\n\nput h \"a\\tb\"\nget h\n\n\n"),
                step("txn").stdin("\n\nput i i\nput i j\n\n\n"),
                step("txn").stdin("m(\"a\") > \"x\"\n\n\n\n"),
                step("txn").stdin("bogus(\"a\") = \"1\"\n\n\n\n"),
                step("txn").stdin("mod(\"a\")\n\n\n\n"),
                step("txn").stdin("nocompare\n\n\n\n"),
                step("txn").stdin("\nfoo k\n\n\n"),
                step("txn").stdin("\nput\n\n\n"),
                step("txn").stdin("\nput k --bogus v\n\n\n"),
                step("txn").stdin("\nput k v\n"),
                step("txn").stdin(""),
                step("txn", "extra").stdin("\n\n\n"),
                step("get", "", "--from-key")));
    }

    @Test
    void compaction() throws Exception {
        Ctl.replay(List.of(
                step("put", "a", "1"),
                step("put", "a", "2"),
                step("put", "a", "3"),
                step("compaction", "3"),
                step("compaction", "3"),
                step("compaction", "2"),
                step("compaction", "100"),
                step("compaction", "x"),
                step("compaction"),
                step("get", "a", "--rev=2"),
                step("compaction", "--physical", "4"),
                step("get", "a", "-w", "json")));
    }

    /** Values past the flow-control windows: a request beyond the server's first 64 KiB, a response beyond our 4 MiB. */
    @Test
    void largeValues() throws Exception {
        String value = "0123456789abcdef".repeat(64 * 1024); // 1 MiB
        Ctl.replay(List.of(
                step("put", "big1").stdin(value),
                step("put", "big2").stdin(value),
                step("put", "big3").stdin(value),
                step("put", "big4").stdin(value),
                step("put", "big5").stdin(value),
                step("get", "big", "--prefix", "--keys-only"),
                step("get", "big", "--prefix", "--print-value-only")));
    }
}

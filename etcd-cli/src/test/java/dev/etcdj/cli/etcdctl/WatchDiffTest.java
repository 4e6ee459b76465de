package dev.etcdj.cli.etcdctl;

import dev.etcdj.cli.RealEtcd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.etcdj.cli.etcdctl.Ctl.step;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * watch: the real etcdctl and ours watch the same server at the same time, so they see the same events;
 * both are then stopped and their outputs compared.
 */
class WatchDiffTest {
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

    private static void put(String... args) throws Exception {
        List<String> a = new ArrayList<>();
        a.add("--endpoints=" + etcd.endpoint());
        a.addAll(List.of(args));
        Ctl.Result r = Ctl.real(a.toArray(new String[0]), "", Map.of());
        assertEquals(0, r.rc(), r.toString());
    }

    /** Starts both watchers with the args, runs the actions, stops both and compares stdout. */
    private static void concurrently(List<String> args, String stdin, boolean closeStdin, Action actions) throws Exception {
        concurrently(args, stdin, closeStdin, null, actions);
    }

    /**
     * The sync action's event is printed by both watchers before the other actions run, so both are
     * connected and receive the following events one response at a time.
     */
    private static void concurrently(List<String> args, String stdin, boolean closeStdin, Action sync, Action actions)
            throws Exception {
        List<String> full = new ArrayList<>();
        full.add("--endpoints=" + etcd.endpoint());
        full.addAll(args);
        Ctl.Proc real = new Ctl.Proc(Ctl.realProcess(full, Map.of()));
        Ctl.Proc ours = new Ctl.Proc(Ctl.oursProcess(full, Map.of()));
        for (Ctl.Proc p : List.of(real, ours)) {
            p.write(stdin);
        }
        // the watches start at a fixed revision (--rev), so it does not matter when each process connects
        if (sync != null) {
            sync.run();
            real.waitForOutLength(1, 20);
            ours.waitForOutLength(1, 30);
            Thread.sleep(200);
        }
        actions.run();
        real.waitForOutLength(1, 10);
        Thread.sleep(500);
        ours.waitForOutLength(real.outSoFar().length(), 20);
        Thread.sleep(300);
        for (Ctl.Proc p : List.of(real, ours)) {
            if (closeStdin) {
                p.closeStdin();
                p.await();
            } else {
                p.stop();
            }
        }
        String ro = real.out();
        String oo = ours.out();
        String re = filter(real.err());
        String oe = filter(ours.err());
        assertEquals(ro, oo, "stdout of watch " + args);
        if (closeStdin) {
            assertEquals(re, oe, "stderr of watch " + args);
            assertEquals(real.rc(), ours.rc(), "exit code of watch " + args);
        }
    }

    /** The revision the next write will get. */
    private static String nextRev() throws Exception {
        String out = Ctl.real(new String[] {"--endpoints=" + etcd.endpoint(), "get", "nothing", "-w", "fields"}, "",
                Map.of()).out();
        return Long.toString(Long.parseLong(out.replaceAll("(?s).*\"Revision\" : (\\d+).*", "$1").trim()) + 1);
    }

    private static String filter(String s) {
        StringBuilder sb = new StringBuilder();
        for (String l : s.split("\n", -1)) {
            if (!l.startsWith("{\"level\":")) {
                sb.append(l).append('\n');
            }
        }
        return sb.toString();
    }

    interface Action {
        void run() throws Exception;
    }

    @Test
    void watchFormats() throws Exception {
        for (String w : new String[] {"simple", "json", "fields"}) {
            String k = "w-" + w;
            concurrently(List.of("watch", k, "--prev-kv", "-w", w, "--rev=" + nextRev()), "", false,
                    () -> put("put", k, "sync"), () -> {
                put("put", k, "a");
                put("put", k, "b");
                put("del", k);
            });
        }
    }

    @Test
    void watchPrefixRangeAndExec() throws Exception {
        concurrently(List.of("watch", "--prefix", "p/", "--rev", nextRev()), "", false, () -> put("put", "p/0", "s"), () -> {
            put("put", "p/1", "x");
            put("put", "p/2", "y");
            put("put", "q", "z");
        });
        concurrently(List.of("watch", "r1", "r5", "--rev=" + nextRev(), "--", "sh", "-c",
                "echo \"$ETCD_WATCH_EVENT_TYPE $ETCD_WATCH_KEY $ETCD_WATCH_VALUE $ETCD_WATCH_REVISION\""), "", false,
                () -> put("put", "r4", "sync"), () -> {
                    put("put", "r2", "v2");
                    put("put", "r3", "with space");
                    put("del", "r2");
                });
    }

    @Test
    void interactive() throws Exception {
        String rev = nextRev();
        concurrently(List.of("watch", "-i"), "watch i1 --rev=" + rev + "\nwatch --prefix i2 --rev " + rev
                + "\nbogus\n\nwatch\n", true, () -> put("put", "i1", "sync"), () -> {
            put("put", "i1", "a");
            put("put", "i2x", "b");
        });
    }

    @Test
    void terminatingWatches() throws Exception {
        put("put", "c", "1");
        put("put", "c", "2");
        put("put", "c", "3");
        String rev = Ctl.real(new String[] {"--endpoints=" + etcd.endpoint(), "get", "c", "-w", "fields"}, "", Map.of())
                .out().replaceAll("(?s).*\"Revision\" : (\\d+).*", "$1").trim();
        put("compaction", rev);
        Ctl.sameServer(etcd, List.of(
                step("watch", "c", "--rev=1"),
                step("watch", "c", "--rev=1", "-w", "json"),
                step("watch"),
                step("watch", "--prefix", "a", "b"),
                step("watch", "a", "--"),
                step("watch", "a").env("ETCDCTL_WATCH_KEY", "x"),
                step("watch").env("ETCDCTL_WATCH_RANGE_END", "x"),
                step("watch", "--rev=x", "a")));
    }
}

package dev.etcdj.cli.etcdctl;

import dev.etcdj.cli.RealEtcd;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.etcdj.cli.etcdctl.Ctl.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** snapshot save, lock (with a command) and elect against the real etcdctl. */
class SnapshotLockElectDiffTest {

    @Test
    void snapshotAndLockReplay() throws Exception {
        Path dir = Files.createTempDirectory("etcdcli-snap");
        try {
            Ctl.replay(List.of(
                    step("put", "s", "1"),
                    step("snapshot", "save", dir.resolve("db").toString()),
                    step("snapshot", "save"),
                    step("lock", "mylock", "sh", "-c", "echo locked; echo key=${ETCD_LOCK_KEY%/*} rev=$ETCD_LOCK_REV"),
                    step("lock", "mylock", "sh", "-c", "exit 3"),
                    step("lock"),
                    step("elect"),
                    step("elect", "e"),
                    step("elect", "-l", "e", "p")));
            assertTrue(Files.size(dir.resolve("db")) > 0);
            // the file written by ours (second pass) is a valid snapshot for the real etcdctl
            Ctl.Result st = Ctl.real(new String[] {"snapshot", "status", dir.resolve("db").toString(), "-w", "json"}, "",
                    Map.of());
            assertEquals(0, st.rc(), st.toString());
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dir.resolve("db"))));
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static String stopAndRead(Ctl.Proc p) throws Exception {
        return p.stop().out();
    }

    @Test
    void lockAndElectUntilSignal() throws Exception {
        RealEtcd.assumeInstalled();
        try (RealEtcd etcd = new RealEtcd().start()) {
            List<String> ep = List.of("--endpoints=" + etcd.endpoint());
            // a leader first, then both observers (each prints the current leader), then a second leader
            Ctl.Proc realCampaign = new Ctl.Proc(Ctl.realProcess(concat(ep, "elect", "el", "real-proposal"), Map.of()));
            realCampaign.waitForOut("real-proposal", 20);
            Ctl.Proc realObs = new Ctl.Proc(Ctl.realProcess(concat(ep, "elect", "-l", "el"), Map.of()));
            Ctl.Proc ourObs = new Ctl.Proc(Ctl.oursProcess(concat(ep, "elect", "-l", "el"), Map.of()));
            realObs.waitForOut("real-proposal", 20);
            ourObs.waitForOut("real-proposal", 30);
            String realCampaignOut = stopAndRead(realCampaign);
            Ctl.Proc ourCampaign = new Ctl.Proc(Ctl.oursProcess(concat(ep, "elect", "el", "our-proposal"), Map.of()));
            ourCampaign.waitForOut("our-proposal", 30);
            realObs.waitForOut("our-proposal", 20);
            ourObs.waitForOut("our-proposal", 20);
            String ourCampaignOut = stopAndRead(ourCampaign);
            String realObsOut = stopAndRead(realObs);
            String ourObsOut = stopAndRead(ourObs);
            assertEquals(realObsOut, ourObsOut, "elect -l output");
            assertTrue(realCampaignOut.matches("el/[0-9a-f]+\nreal-proposal\n"), realCampaignOut);
            assertTrue(ourCampaignOut.matches("el/[0-9a-f]+\nour-proposal\n"), ourCampaignOut);
            assertTrue(ourObsOut.contains("real-proposal") && ourObsOut.contains("our-proposal"), ourObsOut);

            Ctl.Proc realLock = new Ctl.Proc(Ctl.realProcess(concat(ep, "lock", "lk"), Map.of()));
            String realLockOut = stopAndRead(realLock.waitForOut("lk/", 20).waitForOutLength(22, 5));
            Ctl.Proc ourLock = new Ctl.Proc(Ctl.oursProcess(concat(ep, "lock", "lk"), Map.of()));
            String ourLockOut = stopAndRead(ourLock.waitForOut("lk/", 30).waitForOutLength(22, 5));
            assertTrue(realLockOut.matches("lk/[0-9a-f]+\n\n"), realLockOut);
            assertTrue(ourLockOut.matches("lk/[0-9a-f]+\n\n"), ourLockOut);
            // the lock was released on SIGTERM: a command can take it at once
            Ctl.Result again = Ctl.ours(concat(ep, "--command-timeout=3s", "lock", "lk", "echo", "free").toArray(new String[0]),
                    "", Map.of());
            assertEquals("free\n", again.out(), again.toString());
        }
    }

    /**
     * SIGTERM as etcdctl handles it: a lock or campaign still waiting ends at once with "context canceled" and
     * exit code 1 (its key is withdrawn), a held one is released and the command exits 0.
     */
    @Test
    void signalWhileWaitingOrHolding() throws Exception {
        RealEtcd.assumeInstalled();
        try (RealEtcd etcd = new RealEtcd().start()) {
            List<String> ep = List.of("--endpoints=" + etcd.endpoint());
            for (String[] cmd : List.of(new String[] {"lock", "sig"}, new String[] {"elect", "sig", "p"})) {
                Ctl.Proc holder = new Ctl.Proc(Ctl.realProcess(concat(ep, cmd), Map.of())).waitForOut("sig/", 20);
                Ctl.Proc realWaiter = new Ctl.Proc(Ctl.realProcess(concat(ep, cmd), Map.of()));
                awaitKeys(ep, 2);
                realWaiter.stop();
                Ctl.Proc ourWaiter = new Ctl.Proc(Ctl.oursProcess(concat(ep, cmd), Map.of()));
                awaitKeys(ep, 2);
                ourWaiter.stop();
                assertEquals(realWaiter.p.exitValue() + realWaiter.err(), ourWaiter.p.exitValue() + ourWaiter.err());
                assertEquals("1Error: context canceled\n", ourWaiter.p.exitValue() + ourWaiter.err());
                assertEquals(0, holder.stop().p.exitValue());
                awaitKeys(ep, 0);
                Ctl.Proc ourHolder = new Ctl.Proc(Ctl.oursProcess(concat(ep, cmd), Map.of())).waitForOut("sig/", 30);
                awaitKeys(ep, 1);
                assertEquals(0, ourHolder.stop().p.exitValue(), ourHolder.err());
                awaitKeys(ep, 0);
            }
        }
    }

    /** Waits until the "sig" lock or election has exactly n keys (holder and waiters). */
    private static void awaitKeys(List<String> ep, int n) throws Exception {
        String want = n + "\n";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String got = "";
        while (System.nanoTime() < deadline) {
            String json = Ctl.real(concat(ep, "get", "--prefix", "sig/", "-w", "json").toArray(new String[0]), "",
                    Map.of()).out();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"count\":(\\d+)").matcher(json);
            got = (m.find() ? m.group(1) : "0") + "\n";
            if (got.equals(want)) {
                return;
            }
            Thread.sleep(100);
        }
        fail("expected " + n + " keys under sig/, got " + got);
    }

    private static List<String> concat(List<String> a, String... b) {
        List<String> r = new ArrayList<>(a);
        r.addAll(List.of(b));
        return r;
    }
}

package dev.etcdj.cli.etcdctl;

import dev.etcdj.cli.RealEtcd;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.fail;

/** Runs the real etcdctl and ours with the same arguments and compares what they print. */
final class Ctl {
    private Ctl() {}

    record Result(int rc, String out, String err) {
        @Override
        public String toString() {
            return "rc=" + rc + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** One command of a scenario. */
    static final class Step {
        final String[] args;
        String stdin = "";
        final Map<String, String> env = new HashMap<>();
        String captureVar;
        Pattern capture;
        boolean noEndpoint;
        boolean unordered;

        Step(String... args) {
            this.args = args;
        }

        Step stdin(String s) {
            stdin = s;
            return this;
        }

        Step env(String k, String v) {
            env.put(k, v);
            return this;
        }

        Step capture(String var, String regex) {
            captureVar = var;
            capture = Pattern.compile(regex);
            return this;
        }

        /** Member order depends on random member IDs: compare sorted lines with IDs masked. */
        Step unordered() {
            unordered = true;
            return this;
        }

        Step noEndpoint() {
            noEndpoint = true;
            return this;
        }

        @Override
        public String toString() {
            return String.join(" ", args) + (stdin.isEmpty() ? "" : "  <<< " + stdin.replace("\n", "\\n"));
        }
    }

    static Step step(String... args) {
        return new Step(args);
    }

    private static String[] fullArgs(Step s, String endpoint, Map<String, String> vars) {
        List<String> a = new ArrayList<>();
        if (!s.noEndpoint) {
            a.add("--endpoints=" + endpoint);
        }
        for (String x : s.args) {
            for (Map.Entry<String, String> v : vars.entrySet()) {
                x = x.replace("${" + v.getKey() + "}", v.getValue());
            }
            a.add(x);
        }
        return a.toArray(new String[0]);
    }

    static Result real(String[] args, String stdin, Map<String, String> env) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(RealEtcd.ETCDCTL);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("ETCDCTL_"));
        pb.environment().put("ETCDCTL_API", "3");
        pb.environment().putAll(env);
        Process p = pb.start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try (OutputStream os = p.getOutputStream()) {
            os.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // process did not read stdin
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("etcdctl timed out: " + cmd);
        }
        return new Result(p.exitValue(), str(out.join()), str(err.join()));
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    static Result ours(String[] args, String stdin, Map<String, String> env) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> e = new HashMap<>(env);
        int rc = EtcdctlMain.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true), new PrintStream(err, true), e);
        return new Result(rc, str(out.toByteArray()), str(err.toByteArray()));
    }

    /** Our etcdctl as a separate JVM (for long-running commands that are stopped with a signal). */
    /** A started process whose output is collected in the background (destroy() closes its pipes). */
    static final class Proc {
        final Process p;
        private final ByteArrayOutputStream outBuf = new ByteArrayOutputStream();
        private final ByteArrayOutputStream errBuf = new ByteArrayOutputStream();
        private final CompletableFuture<Void> outDone;
        private final CompletableFuture<Void> errDone;

        Proc(Process p) {
            this.p = p;
            outDone = CompletableFuture.runAsync(() -> pump(p.getInputStream(), outBuf), POOL);
            errDone = CompletableFuture.runAsync(() -> pump(p.getErrorStream(), errBuf), POOL);
        }

        private static void pump(java.io.InputStream in, ByteArrayOutputStream buf) {
            byte[] b = new byte[4096];
            int n;
            try {
                while ((n = in.read(b)) > 0) {
                    synchronized (buf) {
                        buf.write(b, 0, n);
                    }
                }
            } catch (IOException e) {
                // closed
            }
        }

        String outSoFar() {
            synchronized (outBuf) {
                return str(outBuf.toByteArray());
            }
        }

        /** Waits until stdout contains the text (or the timeout passes). */
        Proc waitForOut(String text, long seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (!outSoFar().contains(text) && System.nanoTime() < deadline && p.isAlive()) {
                Thread.sleep(50);
            }
            return this;
        }

        /** Waits until stdout has at least the given length (or the timeout passes). */
        Proc waitForOutLength(int len, long seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (outSoFar().length() < len && System.nanoTime() < deadline && p.isAlive()) {
                Thread.sleep(50);
            }
            return this;
        }

        void write(String s) throws IOException {
            p.getOutputStream().write(s.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().flush();
        }

        void closeStdin() throws IOException {
            p.getOutputStream().close();
        }

        /** Sends SIGTERM (unless already exited) and waits. */
        Proc stop() throws InterruptedException {
            if (p.isAlive()) {
                p.toHandle().destroy();
            }
            return await();
        }

        Proc await() throws InterruptedException {
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor();
            }
            outDone.join();
            errDone.join();
            return this;
        }

        String out() {
            return outSoFar();
        }

        String err() {
            synchronized (errBuf) {
                return str(errBuf.toByteArray());
            }
        }

        int rc() {
            return p.exitValue();
        }
    }

    private static final java.util.concurrent.ExecutorService POOL = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "proc-reader");
        t.setDaemon(true);
        return t;
    });

    static Process oursProcess(List<String> args, Map<String, String> env) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(EtcdctlMain.class.getName());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("ETCDCTL_"));
        pb.environment().putAll(env);
        return pb.start();
    }

    static Process realProcess(List<String> args, Map<String, String> env) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(RealEtcd.ETCDCTL);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("ETCDCTL_"));
        pb.environment().put("ETCDCTL_API", "3");
        pb.environment().putAll(env);
        return pb.start();
    }

    // ------------------------------------------------------------------------------------------ normalization

    private static final Pattern BIG = Pattern.compile("(?<![0-9a-zA-Z])([0-9a-f]{13,16}|[0-9]{13,20})(?![0-9a-zA-Z])");

    /** Removes what legitimately differs between two runs: client log lines, timings, ids, sizes. */
    static String normalize(String s, Map<String, String> ids) {
        StringBuilder sb = new StringBuilder();
        for (String line : s.split("\n", -1)) {
            if (line.startsWith("{\"level\":")) {
                continue;
            }
            sb.append(line).append('\n');
        }
        String t = sb.toString();
        t = t.replaceAll("(?m)^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6} ", "<ts> ")
                .replaceAll("took = \\S+", "took = <dur>")
                .replaceAll("\"took\":\"[^\"]*\"", "\"took\":\"<dur>\"")
                .replaceAll("\"Took\" : \\S+", "\"Took\" : <dur>")
                .replaceAll("remaining\\(\\d+s\\)", "remaining(<ttl>)")
                .replaceAll("\"ttl\":\\d+", "\"ttl\":<ttl>")
                .replaceAll("\"TTL\" : (\\d+)\n\"GrantedTTL\"", "\"TTL\" : <ttl>\n\"GrantedTTL\"")
                .replaceAll("\\d+(\\.\\d)? (B|kB|MB|GB)\\b", "<size>")
                .replaceAll("\"(dbSize|dbSizeInUse)\":\\d+", "\"$1\":<size>")
                .replaceAll("\"DBSize\" : \\d+", "\"DBSize\" : <size>");
        Matcher m = BIG.matcher(t);
        StringBuilder r = new StringBuilder();
        while (m.find()) {
            String id = ids.computeIfAbsent(m.group(1), k -> "<id" + ids.size() + ">");
            m.appendReplacement(r, Matcher.quoteReplacement(id));
        }
        m.appendTail(r);
        // %16x pads shorter IDs with spaces, and random IDs have random lengths
        return r.toString().replaceAll(" +(<id\\d+>)", " $1");
    }

    /**
     * Replays the steps against a fresh real etcd with the real etcdctl, then against another fresh etcd
     * (same ports, so same cluster and member IDs) with ours, and compares every step.
     */
    static void replay(List<Step> steps) throws Exception {
        RealEtcd.assumeInstalled();
        int cp = RealEtcd.freePort();
        int pp = RealEtcd.freePort();
        List<Result> realResults = new ArrayList<>();
        List<Result> ourResults = new ArrayList<>();
        for (int pass = 0; pass < 2; pass++) {
            Map<String, String> vars = new LinkedHashMap<>();
            try (RealEtcd etcd = new RealEtcd(cp, pp).start()) {
                for (Step s : steps) {
                    String[] args = fullArgs(s, etcd.endpoint(), vars);
                    Result r = pass == 0 ? real(args, s.stdin, s.env) : ours(args, s.stdin, s.env);
                    (pass == 0 ? realResults : ourResults).add(r);
                    if (s.capture != null) {
                        Matcher m = s.capture.matcher(r.out());
                        if (m.find()) {
                            vars.put(s.captureVar, m.group(1));
                        }
                    }
                }
            }
        }
        compare(steps, realResults, ourResults);
    }

    /** Runs read-only steps against one running server, real etcdctl first, then ours. */
    static void sameServer(RealEtcd etcd, List<Step> steps) throws Exception {
        List<Result> realResults = new ArrayList<>();
        List<Result> ourResults = new ArrayList<>();
        for (Step s : steps) {
            String[] args = fullArgs(s, etcd.endpoint(), Map.of());
            realResults.add(real(args, s.stdin, s.env));
            ourResults.add(ours(args, s.stdin, s.env));
        }
        compare(steps, realResults, ourResults);
    }

    private static String unordered(String s) {
        String masked = s.replaceAll("<id\\d+>", "<id>").replace("\u0000", "\n\u0000\n");
        Matcher ak = Pattern.compile("attached keys\\(\\[([^\\]]*)\\]\\)").matcher(masked);
        StringBuilder sorted = new StringBuilder();
        while (ak.find()) {
            List<String> words = new ArrayList<>(List.of(ak.group(1).split(" ")));
            java.util.Collections.sort(words);
            ak.appendReplacement(sorted, Matcher.quoteReplacement("attached keys([" + String.join(" ", words) + "])"));
        }
        ak.appendTail(sorted);
        masked = sorted.toString();
        List<String> lines = new ArrayList<>();
        for (String l : masked.split("\n")) {
            if (l.startsWith("ETCD_INITIAL_CLUSTER=")) {
                String v = l.substring(l.indexOf('"') + 1, l.length() - 1);
                List<String> parts = new ArrayList<>(List.of(v.split(",")));
                java.util.Collections.sort(parts);
                l = "ETCD_INITIAL_CLUSTER=" + String.join(",", parts);
            }
            lines.add(l);
        }
        java.util.Collections.sort(lines);
        return String.join("\n", lines);
    }

    static void compare(List<Step> steps, List<Result> realResults, List<Result> ourResults) {
        Map<String, String> idsReal = new HashMap<>();
        Map<String, String> idsOurs = new HashMap<>();
        StringBuilder diffs = new StringBuilder();
        int same = 0;
        for (int i = 0; i < steps.size(); i++) {
            Result a = realResults.get(i);
            Result b = ourResults.get(i);
            String na = a.rc() + "\n" + normalize(a.out(), idsReal) + "\u0000" + normalize(a.err(), idsReal);
            String nb = b.rc() + "\n" + normalize(b.out(), idsOurs) + "\u0000" + normalize(b.err(), idsOurs);
            if (steps.get(i).unordered) {
                na = unordered(na);
                nb = unordered(nb);
            }
            if (!na.equals(nb)) {
                diffs.append("\n### step ").append(i).append(": etcdctl ").append(steps.get(i))
                        .append("\n>>> real etcdctl: ").append(a).append("\n>>> ours: ").append(b).append('\n');
            } else {
                same++;
            }
        }
        if (diffs.length() > 0) {
            fail((steps.size() - same) + " of " + steps.size() + " steps differ:" + diffs);
        }
    }
}

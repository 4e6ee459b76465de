package dev.etcdj.cli.etcdctl;

import com.google.protobuf.ByteString;
import dev.etcdj.api.Event;
import dev.etcdj.api.WatchCreateRequest;
import dev.etcdj.api.WatchGrpc;
import dev.etcdj.api.WatchProgressRequest;
import dev.etcdj.api.WatchRequest;
import dev.etcdj.api.WatchResponse;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** etcdctl watch: one gRPC watch stream carrying one or more watchers. */
final class Watcher {
    static final Metadata.Key<String> HAS_LEADER = Metadata.Key.of("hasleader", Metadata.ASCII_STRING_MARSHALLER);

    private final Cmd c;
    private final StreamObserver<WatchRequest> requests;
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final Deque<List<String>> pendingExec = new ArrayDeque<>();
    private final Map<Long, List<String>> execByWatch = new HashMap<>();
    private static final Object END = new Object();

    private Watcher(Cmd c) {
        this.c = c;
        Metadata md = new Metadata();
        md.put(HAS_LEADER, "true");
        WatchGrpc.WatchStub stub = c.client().streamStub(WatchGrpc::newStub)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
        requests = stub.watch(new StreamObserver<>() {
            @Override
            public void onNext(WatchResponse value) {
                events.add(value);
            }

            @Override
            public void onError(Throwable t) {
                events.add(t);
            }

            @Override
            public void onCompleted() {
                events.add(END);
            }
        });
    }

    /** Options of one watch. */
    record Spec(List<String> args, boolean prefix, long rev, boolean prevKv) {}

    private static EtcdctlException bad(String m) {
        return new EtcdctlException(Exit.BAD_ARGS, m);
    }

    /** Builds the create request like etcdctl's getWatchChan; null message on success. */
    private static WatchCreateRequest createRequest(Spec s) {
        if (s.args().isEmpty()) {
            throw bad("bad number of arguments");
        }
        ByteString key = Commands.bs(s.args().get(0));
        WatchCreateRequest.Builder b = WatchCreateRequest.newBuilder().setKey(key).setStartRevision(s.rev())
                .setPrevKv(s.prevKv());
        if (s.args().size() == 2) {
            if (s.prefix()) {
                throw bad("`range_end` and `--prefix` are mutually exclusive");
            }
            b.setRangeEnd(Commands.bs(s.args().get(1)));
        }
        if (s.prefix()) {
            b.setRangeEnd(key.isEmpty() ? ByteString.copyFrom(new byte[] {0}) : Commands.prefixEnd(key));
        }
        return b.build();
    }

    private synchronized void create(WatchCreateRequest req, List<String> exec) {
        pendingExec.add(exec);
        requests.onNext(WatchRequest.newBuilder().setCreateRequest(req).build());
    }

    static void run(Cmd c) throws Exception {
        String envKey = c.env.getOrDefault("ETCDCTL_WATCH_KEY", "");
        String envRange = c.env.getOrDefault("ETCDCTL_WATCH_RANGE_END", "");
        if (envKey.isEmpty() && !envRange.isEmpty()) {
            throw bad("ETCDCTL_WATCH_KEY is empty but got ETCDCTL_WATCH_RANGE_END=" + GoFmt.quote(envRange));
        }
        if (c.bool("interactive")) {
            interactive(c, envKey, envRange);
            return;
        }
        // arguments after the "watch" word, as given (to find the exec separator)
        List<String> raw = new ArrayList<>(Arrays.asList(c.rawArgs));
        int w = raw.indexOf("watch");
        if (w >= 0) {
            raw = raw.subList(w + 1, raw.size());
        }
        int sep = raw.indexOf("--");
        boolean execExist = sep >= 0;
        if (execExist && sep == raw.size() - 1) {
            throw bad("bad number of arguments (found separator --, but no commands)");
        }
        if (!execExist && raw.isEmpty() && envKey.isEmpty()) {
            throw bad("bad number of arguments");
        }
        List<String> execArgs = execExist ? new ArrayList<>(raw.subList(sep + 1, raw.size())) : List.of();
        List<String> watchArgs = new ArrayList<>(c.args);
        if (execExist) {
            // positionals include the command after "--": cut them off
            int keep = watchArgs.size() - execArgs.size();
            watchArgs = new ArrayList<>(watchArgs.subList(0, Math.max(0, keep)));
        }
        if (!envKey.isEmpty() && !watchArgs.isEmpty()) {
            throw bad("bad number of arguments (found conflicting environment key)");
        }
        if (!envKey.isEmpty()) {
            List<String> ranges = new ArrayList<>();
            ranges.add(envKey);
            if (!envRange.isEmpty()) {
                ranges.add(envRange);
            }
            watchArgs.addAll(0, ranges);
        }
        Spec spec = new Spec(watchArgs, c.bool("prefix"), c.int64("rev"), c.bool("prev-kv"));
        Printer p = c.printer();
        WatchCreateRequest req = createRequest(spec);
        Watcher wt = new Watcher(c);
        wt.create(req, execArgs);
        wt.loop(p);
        throw new EtcdctlException(Exit.INTERRUPTED, "watch is canceled by the server");
    }

    /** Prints responses until the stream ends or every watcher has been canceled. */
    private void loop(Printer p) throws InterruptedException, IOException {
        int active = 0;
        while (true) {
            Object o = events.take();
            if (o == END || o instanceof Throwable) {
                return;
            }
            WatchResponse r = (WatchResponse) o;
            if (r.getCreated()) {
                List<String> exec;
                synchronized (this) {
                    exec = pendingExec.poll();
                }
                if (r.getCanceled()) {
                    c.err.println("watch was canceled (" + cancelError(r) + ")");
                    if (active == 0 && pendingExecEmpty()) {
                        return;
                    }
                    continue;
                }
                execByWatch.put(r.getWatchId(), exec == null ? List.of() : exec);
                active++;
                continue;
            }
            if (r.getCanceled()) {
                c.err.println("watch was canceled (" + cancelError(r) + ")");
                p.watch(r);
                c.out.flush();
                execByWatch.remove(r.getWatchId());
                active--;
                if (active <= 0 && pendingExecEmpty()) {
                    return;
                }
                continue;
            }
            if (r.getEventsCount() == 0 && r.getCompactRevision() == 0 && r.getHeader().getRevision() != 0) {
                int n = r.getWatchId() == -1 ? Math.max(1, execByWatch.size()) : 1;
                for (int i = 0; i < n; i++) {
                    c.out.println("progress notify: " + r.getHeader().getRevision());
                    p.watch(r);
                }
                c.out.flush();
                continue;
            }
            p.watch(r);
            c.out.flush();
            List<String> exec = execByWatch.getOrDefault(r.getWatchId(), List.of());
            if (!exec.isEmpty()) {
                for (Event ev : r.getEventsList()) {
                    runExec(exec, r, ev);
                }
            }
        }
    }

    private synchronized boolean pendingExecEmpty() {
        return pendingExec.isEmpty();
    }

    static String cancelError(WatchResponse r) {
        if (r.getCompactRevision() != 0) {
            return "etcdserver: mvcc: required revision has been compacted";
        }
        if (!r.getCancelReason().isEmpty()) {
            return r.getCancelReason();
        }
        return "etcdserver: mvcc: required revision is a future revision";
    }

    private void runExec(List<String> exec, WatchResponse r, Event ev) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(exec);
        Map<String, String> env = pb.environment();
        env.put("ETCD_WATCH_REVISION", Long.toString(r.getHeader().getRevision()));
        env.put("ETCD_WATCH_EVENT_TYPE", "\"" + ev.getType().name() + "\"");
        env.put("ETCD_WATCH_KEY", GoFmt.quote(ev.getKv().getKey().toByteArray()));
        env.put("ETCD_WATCH_VALUE", GoFmt.quote(ev.getKv().getValue().toByteArray()));
        pb.redirectInput(ProcessBuilder.Redirect.INHERIT);
        Process proc;
        try {
            proc = pb.start();
        } catch (IOException e) {
            failExec(exec, "exec: " + GoFmt.quote(exec.get(0)) + ": executable file not found in $PATH");
            return;
        }
        Thread t1 = pump(proc.getInputStream(), c.out);
        Thread t2 = pump(proc.getErrorStream(), c.err);
        int rc = proc.waitFor();
        t1.join();
        t2.join();
        if (rc != 0) {
            failExec(exec, "exit status " + rc);
        }
    }

    private void failExec(List<String> exec, String why) {
        StringBuilder q = new StringBuilder("[");
        for (int i = 0; i < exec.size(); i++) {
            if (i > 0) {
                q.append(' ');
            }
            q.append(GoFmt.quote(exec.get(i)));
        }
        q.append(']');
        c.err.println("command " + q + " error (" + why + ")");
        throw EtcdctlException.silent(Exit.ERROR);
    }

    private static Thread pump(InputStream is, Out out) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            int n;
            try {
                while ((n = is.read(buf)) > 0) {
                    out.write(Arrays.copyOf(buf, n));
                    out.flush();
                }
            } catch (IOException e) {
                // child went away
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int ch;
        while ((ch = in.read()) >= 0) {
            if (ch == '\n') {
                return new String(b.toByteArray(), StandardCharsets.ISO_8859_1);
            }
            b.write(ch);
        }
        return null;
    }

    /** Interactive mode: "watch [options] key [range_end] [-- cmd...]" and "progress" lines from stdin. */
    private static void interactive(Cmd c, String envKey, String envRange) throws Exception {
        Printer p = c.printer();
        Watcher wt = new Watcher(c);
        Thread printerThread = new Thread(() -> {
            try {
                wt.loopForever(p);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | RuntimeException e) {
                // printing stopped
            }
        }, "watch-printer");
        printerThread.setDaemon(true);
        printerThread.start();
        while (true) {
            String l = readLine(c.in);
            if (l == null) {
                throw new EtcdctlException(Exit.INVALID_INPUT, "Error reading watch request line: EOF");
            }
            List<String> args = TxnParser.argify(l);
            args.replaceAll(s -> new String(s.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
            String line = new String(l.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            if (args.isEmpty()) {
                c.err.println("Invalid command: " + line + " (watch and progress supported)");
                continue;
            }
            switch (args.get(0)) {
                case "watch" -> {
                    if (args.size() < 2 && envKey.isEmpty()) {
                        c.err.println("Invalid command " + line + " (command type or key is not provided)");
                        continue;
                    }
                    List<String> rest = args.subList(1, args.size());
                    int sep = rest.indexOf("--");
                    if (sep >= 0 && sep == rest.size() - 1) {
                        throw bad("bad number of arguments (found separator --, but no commands)");
                    }
                    List<String> exec = sep >= 0 ? new ArrayList<>(rest.subList(sep + 1, rest.size())) : List.of();
                    List<String> flagPart = sep >= 0 ? rest.subList(0, sep) : rest;
                    boolean prefix = false;
                    boolean prevKv = false;
                    long rev = 0;
                    List<String> pos = new ArrayList<>();
                    for (int i = 0; i < flagPart.size(); i++) {
                        String a = flagPart.get(i);
                        if (!a.startsWith("-") || a.equals("-")) {
                            pos.add(a);
                            continue;
                        }
                        String name = a.replaceFirst("^--?", "");
                        String val = null;
                        int eq = name.indexOf('=');
                        if (eq >= 0) {
                            val = name.substring(eq + 1);
                            name = name.substring(0, eq);
                        }
                        switch (name) {
                            case "prefix" -> prefix = val == null || Globals.parseBool(name, val);
                            case "prev-kv" -> prevKv = val == null || Globals.parseBool(name, val);
                            case "i", "interactive" -> { }
                            case "rev" -> {
                                if (val == null) {
                                    if (i + 1 >= flagPart.size()) {
                                        throw bad("flag needs an argument: --rev");
                                    }
                                    val = flagPart.get(++i);
                                }
                                try {
                                    rev = Long.parseLong(val);
                                } catch (NumberFormatException e) {
                                    throw bad("invalid argument " + GoFmt.quote(val)
                                            + " for \"--rev\" flag: strconv.ParseInt: parsing " + GoFmt.quote(val)
                                            + ": invalid syntax");
                                }
                            }
                            default -> throw bad(a.startsWith("--") ? "unknown flag: --" + name
                                    : "unknown shorthand flag: '" + name.charAt(0) + "' in " + a);
                        }
                    }
                    if (sep < 0 && envKey.isEmpty() && pos.isEmpty()) {
                        throw bad("bad number of arguments");
                    }
                    if (sep < 0 && !pos.isEmpty() && !envKey.isEmpty()) {
                        throw bad("bad number of arguments (found conflicting environment key)");
                    }
                    if (!envKey.isEmpty()) {
                        List<String> ranges = new ArrayList<>();
                        ranges.add(envKey);
                        if (!envRange.isEmpty()) {
                            ranges.add(envRange);
                        }
                        pos.addAll(0, ranges);
                    }
                    try {
                        wt.create(createRequest(new Spec(pos, prefix, rev, prevKv)), exec);
                    } catch (EtcdctlException e) {
                        c.err.println("Invalid command " + line + " (" + e.getMessage() + ")");
                    }
                }
                case "progress" -> wt.progress();
                default -> c.err.println("Invalid command " + line + " (only support watch)");
            }
        }
    }

    private synchronized void progress() {
        requests.onNext(WatchRequest.newBuilder().setProgressRequest(WatchProgressRequest.getDefaultInstance()).build());
    }

    private void loopForever(Printer p) throws InterruptedException, IOException {
        while (true) {
            loop(p);
            if (events.isEmpty()) {
                Object o = events.peek();
                if (o == null) {
                    Thread.sleep(50);
                }
            }
        }
    }
}

package dev.etcdj.cli.etcdctl;

import com.google.protobuf.ByteString;
import dev.etcdj.api.AlarmMember;
import dev.etcdj.api.AlarmRequest;
import dev.etcdj.api.AlarmResponse;
import dev.etcdj.api.ClusterGrpc;
import dev.etcdj.api.CompactionRequest;
import dev.etcdj.api.DefragmentRequest;
import dev.etcdj.api.DeleteRangeRequest;
import dev.etcdj.api.HashKVRequest;
import dev.etcdj.api.HashKVResponse;
import dev.etcdj.api.KVGrpc;
import dev.etcdj.api.LeaseGrantRequest;
import dev.etcdj.api.LeaseGrpc;
import dev.etcdj.api.LeaseKeepAliveRequest;
import dev.etcdj.api.LeaseKeepAliveResponse;
import dev.etcdj.api.LeaseLeasesRequest;
import dev.etcdj.api.LeaseRevokeRequest;
import dev.etcdj.api.LeaseTimeToLiveRequest;
import dev.etcdj.api.MaintenanceGrpc;
import dev.etcdj.api.Member;
import dev.etcdj.api.MemberAddRequest;
import dev.etcdj.api.MemberAddResponse;
import dev.etcdj.api.MemberListRequest;
import dev.etcdj.api.MemberListResponse;
import dev.etcdj.api.MemberPromoteRequest;
import dev.etcdj.api.MemberPromoteResponse;
import dev.etcdj.api.MemberRemoveRequest;
import dev.etcdj.api.MemberRemoveResponse;
import dev.etcdj.api.MemberUpdateRequest;
import dev.etcdj.api.MemberUpdateResponse;
import dev.etcdj.api.MoveLeaderRequest;
import dev.etcdj.api.MoveLeaderResponse;
import dev.etcdj.api.PutRequest;
import dev.etcdj.api.RangeRequest;
import dev.etcdj.api.RangeResponse;
import dev.etcdj.api.RequestOp;
import dev.etcdj.api.SnapshotRequest;
import dev.etcdj.api.SnapshotResponse;
import dev.etcdj.api.StatusRequest;
import dev.etcdj.api.StatusResponse;
import dev.etcdj.api.TxnRequest;
import dev.etcdj.api.TxnResponse;
import dev.etcdj.server.snapshot.SnapshotFileStatus;
import dev.etcdj.server.snapshot.SnapshotRestore;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The etcdctl commands. */
final class Commands {
    static final String VERSION = "3.4.23";
    static final String API_VERSION = "3.4";

    private Commands() {}

    static ByteString bs(String s) {
        return ByteString.copyFrom(s, StandardCharsets.UTF_8);
    }

    /** clientv3.GetPrefixRangeEnd. */
    static ByteString prefixEnd(ByteString key) {
        byte[] k = key.toByteArray();
        for (int i = k.length - 1; i >= 0; i--) {
            if ((k[i] & 0xff) < 0xff) {
                byte[] end = java.util.Arrays.copyOf(k, i + 1);
                end[i]++;
                return ByteString.copyFrom(end);
            }
        }
        return ByteString.copyFrom(new byte[] {0});
    }

    private static EtcdctlException bad(String msg) {
        return new EtcdctlException(Exit.BAD_ARGS, msg);
    }

    private static long parseIntGo(String s, int radix, String fn) {
        try {
            return Long.parseLong(s, radix);
        } catch (NumberFormatException e) {
            throw new NumberFormatException("strconv." + fn + ": parsing " + GoFmt.quote(s) + ": "
                    + (s.matches(radix == 16 ? "[-+]?[0-9a-fA-F]+" : "[-+]?[0-9]+") ? "value out of range" : "invalid syntax"));
        }
    }

    private static long parseUintGo(String s, int radix) {
        try {
            if (s.startsWith("+") || s.startsWith("-")) {
                throw new NumberFormatException();
            }
            return Long.parseUnsignedLong(s, radix);
        } catch (NumberFormatException e) {
            throw new NumberFormatException("strconv.ParseUint: parsing " + GoFmt.quote(s) + ": "
                    + (s.matches(radix == 16 ? "[0-9a-fA-F]+" : "[0-9]+") ? "value out of range" : "invalid syntax"));
        }
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    // ------------------------------------------------------------------------------------------ KV

    static PutRequest putRequest(Cmd c, boolean inTxn) {
        List<String> a = c.args;
        if (a.isEmpty()) {
            throw bad("put command needs 1 argument and input from stdin or 2 arguments");
        }
        boolean ignoreVal = c.bool("ignore-value");
        if (ignoreVal && a.size() > 1) {
            throw bad("put command needs only 1 argument when 'ignore-value' is set");
        }
        String value = "";
        if (!ignoreVal) {
            if (a.size() > 1) {
                value = a.get(1);
            } else {
                value = readAll(c.in);
                if (value.isEmpty()) {
                    throw bad("put command needs 1 argument and input from stdin or 2 arguments");
                }
            }
        }
        long lease;
        try {
            lease = parseIntGo(c.str("lease"), 16, "ParseInt");
        } catch (NumberFormatException e) {
            throw bad("bad lease ID (" + e.getMessage() + "), expecting ID in Hex");
        }
        return PutRequest.newBuilder().setKey(bs(a.get(0))).setValue(bs(value)).setLease(lease)
                .setPrevKv(c.bool("prev-kv")).setIgnoreValue(ignoreVal).setIgnoreLease(c.bool("ignore-lease")).build();
    }

    static void put(Cmd c) {
        PutRequest req = putRequest(c, false);
        var resp = c.client().stub(KVGrpc::newBlockingStub).put(req);
        c.printer().put(resp);
    }

    static RangeRequest rangeRequest(Cmd c, boolean inTxn) {
        List<String> a = c.args;
        if (a.isEmpty()) {
            throw bad("get command needs one argument as key and an optional argument as range_end");
        }
        boolean prefix = c.bool("prefix");
        boolean fromKey = c.bool("from-key");
        if (prefix && fromKey) {
            throw bad("`--prefix` and `--from-key` cannot be set at the same time, choose one");
        }
        boolean keysOnly = c.bool("keys-only");
        boolean countOnly = c.bool("count-only");
        if (keysOnly && countOnly) {
            throw bad("`--keys-only` and `--count-only` cannot be set at the same time, choose one");
        }
        RangeRequest.Builder b = RangeRequest.newBuilder();
        switch (c.str("consistency")) {
            case "s" -> b.setSerializable(true);
            case "l" -> { }
            default -> throw new EtcdctlException(Exit.BAD_FEATURE, "unknown consistency flag " + GoFmt.quote(c.str("consistency")));
        }
        ByteString key = bs(a.get(0));
        if (a.size() > 1) {
            if (prefix || fromKey) {
                throw bad("too many arguments, only accept one argument when `--prefix` or `--from-key` is set");
            }
            b.setRangeEnd(bs(a.get(1)));
        }
        b.setLimit(c.int64("limit"));
        long rev = c.int64("rev");
        if (rev > 0) {
            b.setRevision(rev);
        }
        RangeRequest.SortOrder order = switch (c.str("order").toUpperCase(Locale.ROOT)) {
            case "ASCEND" -> RangeRequest.SortOrder.ASCEND;
            case "DESCEND" -> RangeRequest.SortOrder.DESCEND;
            case "" -> RangeRequest.SortOrder.NONE;
            default -> throw new EtcdctlException(Exit.BAD_FEATURE, "bad sort order " + c.str("order"));
        };
        RangeRequest.SortTarget target = switch (c.str("sort-by").toUpperCase(Locale.ROOT)) {
            case "CREATE" -> RangeRequest.SortTarget.CREATE;
            case "KEY", "" -> RangeRequest.SortTarget.KEY;
            case "MODIFY" -> RangeRequest.SortTarget.MOD;
            case "VALUE" -> RangeRequest.SortTarget.VALUE;
            case "VERSION" -> RangeRequest.SortTarget.VERSION;
            default -> throw new EtcdctlException(Exit.BAD_FEATURE, "bad sort target " + c.str("sort-by"));
        };
        if (target == RangeRequest.SortTarget.KEY && order == RangeRequest.SortOrder.ASCEND) {
            order = RangeRequest.SortOrder.NONE;
        }
        b.setSortOrder(order).setSortTarget(target);
        if (prefix) {
            if (key.isEmpty()) {
                key = ByteString.copyFrom(new byte[] {0});
                b.setRangeEnd(ByteString.copyFrom(new byte[] {0}));
            } else {
                b.setRangeEnd(prefixEnd(key));
            }
        }
        if (fromKey) {
            if (key.isEmpty()) {
                key = ByteString.copyFrom(new byte[] {0});
            }
            b.setRangeEnd(ByteString.copyFrom(new byte[] {0}));
        }
        b.setKeysOnly(keysOnly).setCountOnly(countOnly);
        return b.setKey(key).build();
    }

    static void get(Cmd c) {
        RangeRequest req = rangeRequest(c, false);
        RangeResponse resp = c.client().stub(KVGrpc::newBlockingStub).range(req);
        Printer p = c.printer();
        if (c.bool("count-only") && !p.format.equals("fields")) {
            throw bad("--count-only is only for `--write-out=fields`");
        }
        if (c.bool("print-value-only")) {
            if (!p.simple()) {
                throw bad("print-value-only is only for `--write-out=simple`");
            }
            p.valueOnly = true;
        }
        p.get(resp);
    }

    static DeleteRangeRequest deleteRequest(Cmd c, boolean inTxn) {
        List<String> a = c.args;
        if (a.isEmpty() || a.size() > 2) {
            throw bad("del command needs one argument as key and an optional argument as range_end");
        }
        boolean prefix = c.bool("prefix");
        boolean fromKey = c.bool("from-key");
        if (prefix && fromKey) {
            throw bad("`--prefix` and `--from-key` cannot be set at the same time, choose one");
        }
        DeleteRangeRequest.Builder b = DeleteRangeRequest.newBuilder();
        ByteString key = bs(a.get(0));
        if (a.size() > 1) {
            if (prefix || fromKey) {
                throw bad("too many arguments, only accept one argument when `--prefix` or `--from-key` is set");
            }
            b.setRangeEnd(bs(a.get(1)));
        }
        if (prefix) {
            if (key.isEmpty()) {
                key = ByteString.copyFrom(new byte[] {0});
                b.setRangeEnd(ByteString.copyFrom(new byte[] {0}));
            } else {
                b.setRangeEnd(prefixEnd(key));
            }
        }
        b.setPrevKv(c.bool("prev-kv"));
        if (fromKey) {
            if (key.isEmpty()) {
                key = ByteString.copyFrom(new byte[] {0});
            }
            b.setRangeEnd(ByteString.copyFrom(new byte[] {0}));
        }
        return b.setKey(key).build();
    }

    static void del(Cmd c) {
        DeleteRangeRequest req = deleteRequest(c, false);
        var resp = c.client().stub(KVGrpc::newBlockingStub).deleteRange(req);
        c.printer().del(resp);
    }

    // ------------------------------------------------------------------------------------------ txn

    /** Reads one line including its newline; null at EOF before a newline (Go's ReadString error). */
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

    static void txn(Cmd c) throws IOException {
        if (!c.args.isEmpty()) {
            throw bad("txn command does not accept argument");
        }
        boolean interactive = c.bool("interactive");
        c.client();
        InputStream in = c.in;
        TxnRequest.Builder b = TxnRequest.newBuilder();
        if (interactive) {
            c.out.println("compares:");
            c.out.flush();
        }
        while (true) {
            String line = readLine(in);
            if (line == null) {
                throw new EtcdctlException(Exit.INVALID_INPUT, "EOF");
            }
            line = line.strip();
            if (line.isEmpty()) {
                break;
            }
            b.addCompare(TxnParser.parseCompare(line));
        }
        for (int section = 0; section < 2; section++) {
            if (interactive) {
                c.out.println(section == 0 ? "success requests (get, put, del):" : "failure requests (get, put, del):");
                c.out.flush();
            }
            while (true) {
                String line = readLine(in);
                if (line == null) {
                    throw new EtcdctlException(Exit.INVALID_INPUT, "EOF");
                }
                line = line.strip();
                if (line.isEmpty()) {
                    break;
                }
                RequestOp op = TxnParser.parseRequest(line, in, c.err);
                if (section == 0) {
                    b.addSuccess(op);
                } else {
                    b.addFailure(op);
                }
            }
        }
        TxnResponse resp = c.client().stub(KVGrpc::newBlockingStub).txn(b.build());
        c.printer().txn(resp);
    }

    // ------------------------------------------------------------------------------------------ maintenance

    static void compaction(Cmd c) {
        if (c.args.size() != 1) {
            throw bad("compaction command needs 1 argument");
        }
        long rev;
        try {
            rev = parseIntGo(c.args.get(0), 10, "ParseInt");
        } catch (NumberFormatException e) {
            throw new EtcdctlException(Exit.ERROR, e.getMessage());
        }
        c.client().stub(KVGrpc::newBlockingStub)
                .compact(CompactionRequest.newBuilder().setRevision(rev).setPhysical(c.bool("physical")).build());
        c.out.println("compacted revision " + rev);
    }

    static void alarmList(Cmd c) {
        if (!c.args.isEmpty()) {
            throw bad("alarm list command accepts no arguments");
        }
        AlarmResponse r = c.client().stub(MaintenanceGrpc::newBlockingStub)
                .alarm(AlarmRequest.newBuilder().setAction(AlarmRequest.AlarmAction.GET).build());
        c.printer().alarm(r);
    }

    static void alarmDisarm(Cmd c) {
        if (!c.args.isEmpty()) {
            throw bad("alarm disarm command accepts no arguments");
        }
        Client cl = c.client();
        AlarmResponse list = cl.stub(MaintenanceGrpc::newBlockingStub)
                .alarm(AlarmRequest.newBuilder().setAction(AlarmRequest.AlarmAction.GET).build());
        AlarmResponse.Builder ret = AlarmResponse.newBuilder();
        for (AlarmMember am : list.getAlarmsList()) {
            AlarmResponse d = cl.stub(MaintenanceGrpc::newBlockingStub).alarm(AlarmRequest.newBuilder()
                    .setAction(AlarmRequest.AlarmAction.DEACTIVATE).setMemberID(am.getMemberID())
                    .setAlarm(am.getAlarm()).build());
            ret.addAllAlarms(d.getAlarmsList());
        }
        c.printer().alarm(ret.build());
    }

    /** The endpoints to act on: --endpoints, or with --cluster the client URLs of all members. */
    static List<String> endpointsFromCluster(Cmd c) {
        if (!c.bool("cluster")) {
            return c.g.endpoints;
        }
        MemberListResponse ml;
        try {
            ml = c.client().stub(ClusterGrpc::newBlockingStub).memberList(MemberListRequest.getDefaultInstance());
        } catch (StatusRuntimeException e) {
            throw new EtcdctlException(Exit.ERROR, "failed to fetch endpoints from etcd cluster member list: "
                    + Client.errorText(e));
        }
        List<String> eps = new ArrayList<>();
        for (Member m : ml.getMembersList()) {
            eps.addAll(m.getClientURLsList());
        }
        return eps;
    }

    static void defrag(Cmd c) {
        if (!c.str("data-dir").isEmpty()) {
            String failure = dev.etcdj.cli.etcdutl.OfflineCommands.defragDataDir(c.str("data-dir"));
            if (failure != null) {
                c.err.println(failure);
                throw EtcdctlException.silent(Exit.ERROR);
            }
            return;
        }
        int failures = 0;
        Client cl = c.client();
        for (String ep : endpointsFromCluster(c)) {
            try {
                cl.stub(ep, MaintenanceGrpc::newBlockingStub).defragment(DefragmentRequest.getDefaultInstance());
                c.out.println("Finished defragmenting etcd member[" + ep + "]");
            } catch (StatusRuntimeException e) {
                c.err.println("Failed to defragment etcd member[" + ep + "] (" + Client.errorText(e) + ")");
                failures++;
            }
        }
        if (failures != 0) {
            throw EtcdctlException.silent(Exit.ERROR);
        }
    }

    static void endpointHealth(Cmd c) throws InterruptedException {
        Printer p = c.printer();
        Client cl = c.client();
        List<String> eps = endpointsFromCluster(c);
        List<CompletableFuture<Printer.Health>> futures = new ArrayList<>();
        for (String ep : eps) {
            futures.add(CompletableFuture.supplyAsync(() -> {
                long st = System.nanoTime();
                try {
                    cl.stub(ep, KVGrpc::newBlockingStub).range(RangeRequest.newBuilder().setKey(bs("health")).build());
                    return new Printer.Health(ep, true, GoFmt.duration(System.nanoTime() - st), "");
                } catch (StatusRuntimeException e) {
                    String took = GoFmt.duration(System.nanoTime() - st);
                    if (e.getStatus().getCode() == Status.Code.PERMISSION_DENIED) {
                        return new Printer.Health(ep, true, took, "");
                    }
                    return new Printer.Health(ep, false, took, Client.errorText(e));
                }
            }));
        }
        List<Printer.Health> hs = new ArrayList<>();
        boolean errs = false;
        for (CompletableFuture<Printer.Health> f : futures) {
            try {
                Printer.Health h = f.get();
                hs.add(h);
                errs |= !h.error().isEmpty();
            } catch (ExecutionException e) {
                throw new EtcdctlException(Exit.ERROR, String.valueOf(e.getCause()));
            }
        }
        p.endpointHealth(hs);
        if (errs) {
            throw new EtcdctlException(Exit.ERROR, "unhealthy cluster");
        }
    }

    static void endpointStatus(Cmd c) {
        Printer p = c.printer();
        Client cl = c.client();
        List<Printer.EpStatus> list = new ArrayList<>();
        boolean failed = false;
        for (String ep : endpointsFromCluster(c)) {
            try {
                StatusResponse r = cl.stub(ep, MaintenanceGrpc::newBlockingStub).status(StatusRequest.getDefaultInstance());
                list.add(new Printer.EpStatus(ep, r));
            } catch (StatusRuntimeException e) {
                failed = true;
                c.err.println("Failed to get the status of endpoint " + ep + " (" + Client.errorText(e) + ")");
            }
        }
        p.endpointStatus(list);
        if (failed) {
            throw EtcdctlException.silent(Exit.ERROR);
        }
    }

    static void endpointHashKV(Cmd c) {
        Printer p = c.printer();
        Client cl = c.client();
        List<Printer.EpHash> list = new ArrayList<>();
        String lastErr = null;
        long rev = c.int64("rev");
        for (String ep : endpointsFromCluster(c)) {
            try {
                HashKVResponse r = cl.stub(ep, MaintenanceGrpc::newBlockingStub)
                        .hashKV(HashKVRequest.newBuilder().setRevision(rev).build());
                list.add(new Printer.EpHash(ep, r));
            } catch (StatusRuntimeException e) {
                lastErr = Client.errorText(e);
                c.err.println("Failed to get the hash of endpoint " + ep + " (" + lastErr + ")");
            }
        }
        p.endpointHashKV(list);
        if (lastErr != null) {
            throw new EtcdctlException(Exit.ERROR, lastErr);
        }
    }

    static void moveLeader(Cmd c) {
        if (c.args.size() != 1) {
            throw bad("move-leader command needs 1 argument");
        }
        long target;
        try {
            target = parseUintGo(c.args.get(0), 16);
        } catch (NumberFormatException e) {
            throw bad(e.getMessage());
        }
        Client cl = c.client();
        String leaderEp = null;
        long leaderId = 0;
        for (String ep : c.g.endpoints) {
            StatusResponse s;
            try {
                s = cl.stub(ep, MaintenanceGrpc::newBlockingStub).status(StatusRequest.getDefaultInstance());
            } catch (StatusRuntimeException e) {
                throw new EtcdctlException(Exit.ERROR, Client.errorText(e));
            }
            if (s.getHeader().getMemberId() == s.getLeader()) {
                leaderEp = ep;
                leaderId = s.getLeader();
                break;
            }
        }
        if (leaderEp == null) {
            throw bad("no leader endpoint given at [" + String.join(" ", c.g.endpoints) + "]");
        }
        MoveLeaderResponse r = cl.stub(leaderEp, MaintenanceGrpc::newBlockingStub)
                .moveLeader(MoveLeaderRequest.newBuilder().setTargetID(target).build());
        c.printer().moveLeader(leaderId, target, r);
    }

    static void version(Cmd c) {
        c.out.println("etcdctl version: " + VERSION);
        c.out.println("API version: " + API_VERSION);
    }

    // ------------------------------------------------------------------------------------------ lease

    static long leaseFromArg(String s) {
        try {
            return parseIntGo(s, 16, "ParseInt");
        } catch (NumberFormatException e) {
            throw bad("bad lease ID arg (" + e.getMessage() + "), expecting ID in Hex");
        }
    }

    static void leaseGrant(Cmd c) {
        if (c.args.size() != 1) {
            throw bad("lease grant command needs TTL argument");
        }
        long ttl;
        try {
            ttl = parseIntGo(c.args.get(0), 10, "ParseInt");
        } catch (NumberFormatException e) {
            throw bad("bad TTL (" + e.getMessage() + ")");
        }
        try {
            var r = c.client().stub(LeaseGrpc::newBlockingStub).leaseGrant(LeaseGrantRequest.newBuilder().setTTL(ttl).build());
            c.printer().grant(r);
        } catch (StatusRuntimeException e) {
            throw new EtcdctlException(Exit.ERROR, "failed to grant lease (" + Client.errorText(e) + ")");
        }
    }

    static void leaseRevoke(Cmd c) {
        if (c.args.size() != 1) {
            throw bad("lease revoke command needs 1 argument");
        }
        long id = leaseFromArg(c.args.get(0));
        try {
            var r = c.client().stub(LeaseGrpc::newBlockingStub).leaseRevoke(LeaseRevokeRequest.newBuilder().setID(id).build());
            c.printer().revoke(id, r);
        } catch (StatusRuntimeException e) {
            throw new EtcdctlException(Exit.ERROR, "failed to revoke lease (" + Client.errorText(e) + ")");
        }
    }

    static void leaseTimeToLive(Cmd c) {
        if (c.args.size() != 1) {
            throw bad("lease timetolive command needs lease ID as argument");
        }
        long id = leaseFromArg(c.args.get(0));
        boolean keys = c.bool("keys");
        try {
            var r = c.client().streamStub(LeaseGrpc::newBlockingStub)
                    .leaseTimeToLive(LeaseTimeToLiveRequest.newBuilder().setID(id).setKeys(keys).build());
            c.printer().timeToLive(r, keys);
        } catch (StatusRuntimeException e) {
            throw new EtcdctlException(Exit.BAD_CONNECTION, Client.errorText(e));
        }
    }

    static void leaseList(Cmd c) {
        try {
            var r = c.client().streamStub(LeaseGrpc::newBlockingStub).leaseLeases(LeaseLeasesRequest.getDefaultInstance());
            c.printer().leases(r);
        } catch (StatusRuntimeException e) {
            throw new EtcdctlException(Exit.BAD_CONNECTION, Client.errorText(e));
        }
    }

    /** Keep-alive stream for a lease; {@code onResponse} gets every response, null on stream end. */
    static final class KeepAlive implements AutoCloseable {
        private final StreamObserver<LeaseKeepAliveRequest> req;
        final java.util.concurrent.BlockingQueue<Object> responses = new java.util.concurrent.LinkedBlockingQueue<>();
        private static final Object END = new Object();

        KeepAlive(Client cl) {
            req = cl.streamStub(LeaseGrpc::newStub).leaseKeepAlive(new StreamObserver<>() {
                @Override
                public void onNext(LeaseKeepAliveResponse v) {
                    responses.add(v);
                }

                @Override
                public void onError(Throwable t) {
                    responses.add(t);
                }

                @Override
                public void onCompleted() {
                    responses.add(END);
                }
            });
        }

        synchronized void send(long id) {
            req.onNext(LeaseKeepAliveRequest.newBuilder().setID(id).build());
        }

        /** Next response, or a Throwable, or null at the end of the stream or on timeout. */
        Object next(long timeoutNanos) throws InterruptedException {
            Object o = responses.poll(timeoutNanos, TimeUnit.NANOSECONDS);
            return o == END ? null : o;
        }

        @Override
        public synchronized void close() {
            try {
                req.onCompleted();
            } catch (RuntimeException e) {
                // already closed
            }
        }
    }

    static void leaseKeepAlive(Cmd c) throws InterruptedException {
        if (c.args.size() != 1) {
            throw bad("lease keep-alive command needs lease ID as argument");
        }
        long id = leaseFromArg(c.args.get(0));
        Printer p = c.printer();
        try (KeepAlive ka = new KeepAlive(c.client())) {
            if (c.bool("once")) {
                ka.send(id);
                Object o = ka.next(c.g.commandTimeoutNanos);
                if (o instanceof Throwable t) {
                    throw new EtcdctlException(Exit.BAD_CONNECTION, Client.errorText(t));
                }
                if (o == null) {
                    throw new EtcdctlException(Exit.BAD_CONNECTION, "context deadline exceeded");
                }
                LeaseKeepAliveResponse r = (LeaseKeepAliveResponse) o;
                if (r.getTTL() <= 0) {
                    throw new EtcdctlException(Exit.BAD_CONNECTION, "etcdserver: requested lease not found");
                }
                p.keepAlive(r);
                return;
            }
            long nextAt = System.nanoTime();
            long interval = 500_000_000L;
            while (true) {
                long now = System.nanoTime();
                if (now >= nextAt) {
                    ka.send(id);
                    nextAt = now + interval;
                }
                Object o = ka.next(Math.max(1, nextAt - System.nanoTime()));
                if (o == null && ka.responses.isEmpty() && System.nanoTime() < nextAt) {
                    break; // stream ended
                }
                if (o == null) {
                    continue;
                }
                if (o instanceof Throwable) {
                    break;
                }
                LeaseKeepAliveResponse r = (LeaseKeepAliveResponse) o;
                if (r.getTTL() <= 0) {
                    break;
                }
                p.keepAlive(r);
                c.out.flush();
                interval = Math.max(500_000_000L, r.getTTL() * 1_000_000_000L / 3);
                nextAt = System.nanoTime() + interval;
            }
        }
        if (p.simple()) {
            c.out.println("lease " + GoFmt.hex16(id) + " expired or revoked.");
        }
    }

    // ------------------------------------------------------------------------------------------ member

    private static long memberId(Cmd c) {
        if (c.args.size() != 1) {
            throw bad("member ID is not provided");
        }
        try {
            return parseUintGo(c.args.get(0), 16);
        } catch (NumberFormatException e) {
            throw bad("bad member ID arg (" + e.getMessage() + "), expecting ID in Hex");
        }
    }

    static void memberAdd(Cmd c) {
        if (c.args.isEmpty()) {
            throw bad("member name not provided");
        }
        if (c.args.size() > 1) {
            StringBuilder ev = new StringBuilder("too many arguments");
            for (String s : c.args) {
                if (s.toLowerCase(Locale.ROOT).startsWith("http")) {
                    ev.append(", did you mean --peer-urls=").append(s);
                }
            }
            throw bad(ev.toString());
        }
        String name = c.args.get(0);
        String peerUrls = c.str("peer-urls");
        if (peerUrls.isEmpty()) {
            throw bad("member peer urls not provided");
        }
        List<String> urls = List.of(peerUrls.split(",", -1));
        MemberAddResponse r = c.client().stub(ClusterGrpc::newBlockingStub).memberAdd(MemberAddRequest.newBuilder()
                .addAllPeerURLs(urls).setIsLearner(c.bool("learner")).build());
        Printer p = c.printer();
        p.memberAdd(r);
        if (p.simple()) {
            long newId = r.getMember().getID();
            List<String> conf = new ArrayList<>();
            for (Member m : r.getMembersList()) {
                for (String u : m.getPeerURLsList()) {
                    conf.add((m.getID() == newId ? name : m.getName()) + "=" + u);
                }
            }
            c.out.println();
            c.out.println("ETCD_NAME=" + GoFmt.quote(name));
            c.out.println("ETCD_INITIAL_CLUSTER=" + GoFmt.quote(String.join(",", conf)));
            c.out.println("ETCD_INITIAL_ADVERTISE_PEER_URLS=" + GoFmt.quote(peerUrls));
            c.out.println("ETCD_INITIAL_CLUSTER_STATE=\"existing\"");
        }
    }

    static void memberRemove(Cmd c) {
        long id = memberId(c);
        MemberRemoveResponse r = c.client().stub(ClusterGrpc::newBlockingStub)
                .memberRemove(MemberRemoveRequest.newBuilder().setID(id).build());
        c.printer().memberChange("removed from", id, r, r.getHeader());
    }

    static void memberUpdate(Cmd c) {
        long id = memberId(c);
        String peerUrls = c.str("peer-urls");
        if (peerUrls.isEmpty()) {
            throw bad("member peer urls not provided");
        }
        MemberUpdateResponse r = c.client().stub(ClusterGrpc::newBlockingStub).memberUpdate(MemberUpdateRequest
                .newBuilder().setID(id).addAllPeerURLs(List.of(peerUrls.split(",", -1))).build());
        c.printer().memberChange("updated in", id, r, r.getHeader());
    }

    static void memberPromote(Cmd c) {
        long id = memberId(c);
        MemberPromoteResponse r = c.client().stub(ClusterGrpc::newBlockingStub)
                .memberPromote(MemberPromoteRequest.newBuilder().setID(id).build());
        c.printer().memberChange("promoted in", id, r, r.getHeader());
    }

    static void memberList(Cmd c) {
        MemberListResponse r = c.client().stub(ClusterGrpc::newBlockingStub).memberList(MemberListRequest.getDefaultInstance());
        c.printer().memberList(r);
    }

    // ------------------------------------------------------------------------------------------ snapshot

    static void snapshotSave(Cmd c) throws IOException {
        if (c.args.size() != 1) {
            throw bad("snapshot save expects one argument");
        }
        Client cl = c.client();
        if (c.g.endpoints.size() != 1) {
            throw new EtcdctlException(Exit.INTERRUPTED, "snapshot must be requested to one selected node, not multiple ["
                    + String.join(" ", c.g.endpoints) + "]");
        }
        Path path = Path.of(c.args.get(0));
        Path part = Path.of(c.args.get(0) + ".part");
        var stub = cl.streamStub(MaintenanceGrpc::newBlockingStub);
        if (c.g.changed.contains("command-timeout")) {
            stub = stub.withDeadlineAfter(c.g.commandTimeoutNanos, TimeUnit.NANOSECONDS);
        }
        Files.deleteIfExists(part);
        try {
            // like etcdctl: the snapshot file is private to its owner (0600)
            Files.createFile(part, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(part);
        }
        try (OutputStream os = Files.newOutputStream(part, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            Iterator<SnapshotResponse> it = stub.snapshot(SnapshotRequest.getDefaultInstance());
            while (it.hasNext()) {
                it.next().getBlob().writeTo(os);
            }
        } catch (StatusRuntimeException e) {
            Files.deleteIfExists(part);
            throw new EtcdctlException(Exit.INTERRUPTED, Client.errorText(e));
        }
        try (var ch = java.nio.channels.FileChannel.open(part, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(part, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        c.out.println("Snapshot saved at " + c.args.get(0));
    }

    static void snapshotRestore(Cmd c) {
        if (c.args.size() != 1) {
            throw bad("snapshot restore requires exactly one argument");
        }
        try {
            SnapshotRestore.restore(new SnapshotRestore.Config(Path.of(c.args.get(0)), c.str("name"),
                    c.str("data-dir"), c.str("wal-dir"), List.of(c.str("initial-advertise-peer-urls").split(",")),
                    c.str("initial-cluster"), c.str("initial-cluster-token"), c.bool("skip-hash-check")));
        } catch (RuntimeException | IOException e) {
            throw new EtcdctlException(Exit.ERROR, e.getMessage());
        }
    }

    static void snapshotStatus(Cmd c) {
        if (c.args.size() != 1) {
            throw bad("snapshot status requires exactly one argument");
        }
        Printer p = c.printer();
        SnapshotFileStatus st;
        try {
            st = SnapshotFileStatus.of(Path.of(c.args.get(0)));
        } catch (RuntimeException e) {
            throw new EtcdctlException(Exit.ERROR, e.getMessage());
        }
        p.dbStatus(st);
    }

    // ------------------------------------------------------------------------------------------ watch, lock, elect

    static void watch(Cmd c) throws Exception {
        Watcher.run(c);
    }

    static void lock(Cmd c) throws Exception {
        Recipes.lock(c);
    }

    static void elect(Cmd c) throws Exception {
        Recipes.elect(c);
    }

    /** Waits for a future with the command timeout. */
    static <T> T await(CompletableFuture<T> f, long nanos) throws InterruptedException {
        try {
            return f.get(nanos, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new EtcdctlException(Exit.ERROR, String.valueOf(e.getCause()));
        } catch (TimeoutException e) {
            throw new EtcdctlException(Exit.ERROR, "context deadline exceeded");
        }
    }
}

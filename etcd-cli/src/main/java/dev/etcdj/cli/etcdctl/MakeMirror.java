package dev.etcdj.cli.etcdctl;

import com.google.protobuf.ByteString;
import dev.etcdj.api.Event;
import dev.etcdj.api.KVGrpc;
import dev.etcdj.api.KeyValue;
import dev.etcdj.api.PutRequest;
import dev.etcdj.api.RangeRequest;
import dev.etcdj.api.RangeResponse;
import dev.etcdj.api.DeleteRangeRequest;
import dev.etcdj.api.RequestOp;
import dev.etcdj.api.TxnRequest;
import dev.etcdj.api.WatchCreateRequest;
import dev.etcdj.api.WatchGrpc;
import dev.etcdj.api.WatchRequest;
import dev.etcdj.api.WatchResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code etcdctl make-mirror}: copies the source cluster's keys (all, or under {@code --prefix}) at one
 * revision to the destination, then follows the source's watch from the next revision and replays each
 * revision's events as one transaction on the destination. Every 30 seconds the number of keys
 * mirrored so far is printed. Runs until an error (a compacted watch revision included).
 */
final class MakeMirror {
    private static final int BATCH_LIMIT = 1000;
    private static final long REPORT_INTERVAL_MS = 30_000;
    private static final long RETRY_MS = 500;

    private final Cmd c;
    private final Client source;
    private final Client dest;
    private final byte[] prefix;
    private byte[] destPrefix;
    private final AtomicLong total = new AtomicLong();

    private MakeMirror(Cmd c, Client dest) {
        this.c = c;
        this.source = c.client();
        this.dest = dest;
        this.prefix = c.str("prefix").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.destPrefix = c.str("dest-prefix").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static void run(Cmd c) throws InterruptedException {
        if (c.args.size() != 1) {
            throw new EtcdctlException(Exit.BAD_ARGS, "make-mirror takes one destination argument");
        }
        try (Client dest = new Client(destinationGlobals(c), c.err)) {
            new MakeMirror(c, dest).mirror();
        }
    }

    /** The destination's client settings: the global timeouts, the --dest-* TLS flags, no auth. */
    private static Globals destinationGlobals(Cmd c) {
        Globals g = new Globals();
        g.endpoints = new java.util.ArrayList<>(java.util.List.of(c.args.get(0)));
        g.dialTimeoutNanos = c.g.dialTimeoutNanos;
        g.commandTimeoutNanos = c.g.commandTimeoutNanos;
        g.keepAliveTimeNanos = c.g.keepAliveTimeNanos;
        g.keepAliveTimeoutNanos = c.g.keepAliveTimeoutNanos;
        g.cert = c.str("dest-cert");
        g.key = c.str("dest-key");
        g.cacert = c.str("dest-cacert");
        g.insecureTransport = Globals.parseBool("dest-insecure-transport", c.str("dest-insecure-transport"));
        return g;
    }

    private void mirror() throws InterruptedException {
        Thread reporter = new Thread(this::report, "make-mirror-report");
        reporter.setDaemon(true);
        reporter.start();
        long rev = source.stub(KVGrpc::newBlockingStub).range(RangeRequest.newBuilder()
                .setKey(ByteString.copyFromUtf8("foo")).build()).getHeader().getRevision();
        if (c.bool("no-dest-prefix") && destPrefix.length > 0) {
            throw new EtcdctlException(Exit.BAD_ARGS,
                    "`--dest-prefix` and `--no-dest-prefix` cannot be set at the same time, choose one");
        }
        if (!c.bool("no-dest-prefix") && destPrefix.length == 0) {
            destPrefix = prefix;
        }
        syncBase(rev);
        syncUpdates(rev + 1);
    }

    private void report() {
        try {
            while (true) {
                Thread.sleep(REPORT_INTERVAL_MS);
                c.out.println(Long.toString(total.get()));
                c.out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Copies the keys as of {@code rev}, a thousand per range request. */
    private void syncBase(long rev) {
        ByteString key;
        ByteString end;
        if (prefix.length == 0) {
            key = ByteString.copyFrom(new byte[] {0});
            end = key;
        } else {
            key = ByteString.copyFrom(prefix);
            end = Commands.prefixEnd(key);
        }
        while (true) {
            RangeResponse r = source.stub(KVGrpc::newBlockingStub).range(RangeRequest.newBuilder().setKey(key)
                    .setRangeEnd(end).setRevision(rev).setLimit(BATCH_LIMIT).build());
            for (KeyValue kv : r.getKvsList()) {
                dest.stub(KVGrpc::newBlockingStub).put(PutRequest.newBuilder().setKey(destKey(kv.getKey()))
                        .setValue(kv.getValue()).build());
                total.incrementAndGet();
            }
            if (!r.getMore() || r.getKvsCount() == 0) {
                return;
            }
            key = r.getKvs(r.getKvsCount() - 1).getKey().concat(ByteString.copyFrom(new byte[] {0}));
        }
    }

    /** Replays the source's events from {@code fromRev}, one destination transaction per revision. */
    private void syncUpdates(long fromRev) throws InterruptedException {
        long next = fromRev;
        while (true) {
            BlockingQueue<Object> events = new LinkedBlockingQueue<>();
            StreamObserver<WatchRequest> requests = source.streamStub(WatchGrpc::newStub).watch(new StreamObserver<>() {
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
                    events.add(Status.UNAVAILABLE.withDescription("watch stream closed").asRuntimeException());
                }
            });
            ByteString key = prefix.length == 0 ? ByteString.copyFrom(new byte[] {0}) : ByteString.copyFrom(prefix);
            ByteString end = prefix.length == 0 ? key : Commands.prefixEnd(key);
            requests.onNext(WatchRequest.newBuilder().setCreateRequest(WatchCreateRequest.newBuilder().setKey(key)
                    .setRangeEnd(end).setStartRevision(next)).build());
            while (true) {
                Object o = events.take();
                if (o instanceof Throwable t) {
                    Status s = Status.fromThrowable(t);
                    if (s.getCode() != Status.Code.UNAVAILABLE) {
                        throw new StatusRuntimeException(s);
                    }
                    // clientv3 keeps a watch going across reconnects, resuming after the last revision seen
                    Thread.sleep(RETRY_MS);
                    break;
                }
                WatchResponse r = (WatchResponse) o;
                if (r.getCompactRevision() != 0) {
                    requests.onCompleted();
                    throw new EtcdctlException(Exit.ERROR, "etcdserver: mvcc: required revision has been compacted");
                }
                if (r.getCanceled()) {
                    requests.onCompleted();
                    throw new EtcdctlException(Exit.ERROR, r.getCancelReason().isEmpty()
                            ? "watch canceled" : r.getCancelReason());
                }
                next = Math.max(next, apply(r) + 1);
            }
        }
    }

    /** Applies a watch response's events; returns the last revision applied (0 if none). */
    private long apply(WatchResponse r) {
        TxnRequest.Builder txn = TxnRequest.newBuilder();
        long lastRev = 0;
        for (Event ev : r.getEventsList()) {
            long rev = ev.getKv().getModRevision();
            if (lastRev != 0 && rev > lastRev) {
                commit(txn);
                txn = TxnRequest.newBuilder();
            }
            lastRev = rev;
            ByteString k = destKey(ev.getKv().getKey());
            if (ev.getType() == Event.EventType.PUT) {
                txn.addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder().setKey(k)
                        .setValue(ev.getKv().getValue())));
            } else {
                txn.addSuccess(RequestOp.newBuilder().setRequestDeleteRange(DeleteRangeRequest.newBuilder().setKey(k)));
            }
            total.incrementAndGet();
        }
        if (txn.getSuccessCount() > 0) {
            commit(txn);
        }
        return lastRev;
    }

    private void commit(TxnRequest.Builder txn) {
        dest.stub(KVGrpc::newBlockingStub).txn(txn.build());
    }

    /** The destination key: the first occurrence of the prefix replaced by the destination prefix. */
    private ByteString destKey(ByteString key) {
        byte[] k = key.toByteArray();
        int at = indexOf(k, prefix);
        if (at < 0) {
            return key;
        }
        byte[] out = new byte[k.length - prefix.length + destPrefix.length];
        System.arraycopy(k, 0, out, 0, at);
        System.arraycopy(destPrefix, 0, out, at, destPrefix.length);
        System.arraycopy(k, at + prefix.length, out, at + destPrefix.length, k.length - at - prefix.length);
        return ByteString.copyFrom(out);
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

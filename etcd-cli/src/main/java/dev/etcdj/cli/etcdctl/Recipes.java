package dev.etcdj.cli.etcdctl;

import com.google.protobuf.ByteString;
import dev.etcdj.api.CampaignRequest;
import dev.etcdj.api.CampaignResponse;
import dev.etcdj.api.ElectionGrpc;
import dev.etcdj.api.KVGrpc;
import dev.etcdj.api.LeaderRequest;
import dev.etcdj.api.LeaderResponse;
import dev.etcdj.api.LeaseGrantRequest;
import dev.etcdj.api.LeaseGrpc;
import dev.etcdj.api.LeaseKeepAliveResponse;
import dev.etcdj.api.LeaseRevokeRequest;
import dev.etcdj.api.LockGrpc;
import dev.etcdj.api.LockRequest;
import dev.etcdj.api.LockResponse;
import dev.etcdj.api.RangeRequest;
import dev.etcdj.api.RangeResponse;
import dev.etcdj.api.ResignRequest;
import dev.etcdj.api.UnlockRequest;
import io.grpc.StatusRuntimeException;

import sun.misc.SignalHandler;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;

/** lock and elect, built on the v3lock and v3election services with a kept-alive session lease. */
final class Recipes {
    private Recipes() {}

    /** A session: a lease kept alive in the background until closed. */
    static final class Session implements AutoCloseable {
        final long lease;
        private final Commands.KeepAlive ka;
        private final Thread keeper;
        final CountDownLatch expired = new CountDownLatch(1);
        private final Client cl;

        Session(Client cl, long ttl) {
            this.cl = cl;
            lease = cl.stub(LeaseGrpc::newBlockingStub).leaseGrant(LeaseGrantRequest.newBuilder().setTTL(ttl).build()).getID();
            ka = new Commands.KeepAlive(cl);
            long interval = Math.max(500, ttl * 1000 / 3);
            keeper = new Thread(() -> {
                try {
                    while (true) {
                        ka.send(lease);
                        long deadline = System.nanoTime() + interval * 1_000_000L;
                        while (System.nanoTime() < deadline) {
                            Object o = ka.next(deadline - System.nanoTime());
                            if (o instanceof Throwable || (o instanceof LeaseKeepAliveResponse r && r.getTTL() <= 0)) {
                                expired.countDown();
                                return;
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    expired.countDown();
                }
            }, "session-keepalive");
            keeper.setDaemon(true);
            keeper.start();
        }

        @Override
        public void close() {
            keeper.interrupt();
            ka.close();
        }

        void revoke() {
            try {
                cl.stub(LeaseGrpc::newBlockingStub).leaseRevoke(LeaseRevokeRequest.newBuilder().setID(lease).build());
            } catch (StatusRuntimeException e) {
                // best effort
            }
        }
    }

    /**
     * Completes on SIGINT/SIGTERM (or, in tests, when stdin is closed). Like etcdctl, the command then cancels
     * what it is waiting for: before the lock or leadership is held ({@code held} still false) it ends at
     * once with "context canceled" (the closed connection cancels the server-side wait); once held, the main
     * thread releases it and the command exits normally.
     */
    static CountDownLatch stopSignal(Cmd c, AtomicBoolean held) {
        CountDownLatch stop = new CountDownLatch(1);
        SignalHandler handler = sig -> {
            stop.countDown();
            if (!held.get()) {
                c.out.flush();
                c.err.println("Error: context canceled");
                c.out.mute();
                c.err.mute();
                c.closeClientBeforeHalt();
                Runtime.getRuntime().halt(Exit.ERROR);
            }
        };
        EarlySignals.handleWith(handler);
        if (c.env.containsKey("ETCDJ_CLI_STOP_ON_STDIN_EOF")) {
            Thread t = new Thread(() -> {
                try {
                    InputStream in = c.in;
                    while (in.read() >= 0) {
                        // wait for EOF
                    }
                } catch (IOException e) {
                    // treat as EOF
                }
                stop.countDown();
            });
            t.setDaemon(true);
            t.start();
        }
        return stop;
    }

    static void lock(Cmd c) throws Exception {
        if (c.args.isEmpty()) {
            throw new EtcdctlException(Exit.BAD_ARGS, "lock takes a lock name argument and an optional command to execute");
        }
        long ttl;
        try {
            ttl = Long.parseLong(c.str("ttl"));
        } catch (NumberFormatException e) {
            throw new EtcdctlException(Exit.ERROR, "invalid argument " + GoFmt.quote(c.str("ttl")) + " for \"--ttl\" flag");
        }
        Printer p = c.printer();
        Client cl = c.client();
        String name = c.args.get(0);
        List<String> cmd = new ArrayList<>(c.args.subList(1, c.args.size()));
        AtomicBoolean held = new AtomicBoolean();
        CountDownLatch stop = stopSignal(c, held);
        try (Session s = new Session(cl, ttl)) {
            LockResponse lr;
            try {
                lr = cl.streamStub(LockGrpc::newBlockingStub).lock(LockRequest.newBuilder()
                        .setName(Commands.bs(name)).setLease(s.lease).build());
            } catch (StatusRuntimeException e) {
                throw new EtcdctlException(Exit.ERROR, Client.errorText(e));
            }
            ByteString key = lr.getKey();
            held.set(true);
            if (!cmd.isEmpty()) {
                ProcessBuilder pb = new ProcessBuilder(cmd);
                Map<String, String> env = pb.environment();
                env.put("ETCD_LOCK_KEY", key.toStringUtf8());
                env.put("ETCD_LOCK_REV", Long.toString(lr.getHeader().getRevision()));
                pb.redirectInput(ProcessBuilder.Redirect.INHERIT);
                Process proc;
                try {
                    proc = pb.start();
                } catch (IOException e) {
                    unlock(cl, key);
                    throw new EtcdctlException(Exit.ERROR, "exec: " + GoFmt.quote(cmd.get(0))
                            + ": executable file not found in $PATH");
                }
                Thread t1 = pump(proc.getInputStream(), c.out);
                Thread t2 = pump(proc.getErrorStream(), c.err);
                int rc = proc.waitFor();
                t1.join();
                t2.join();
                unlock(cl, key);
                if (rc != 0) {
                    throw new EtcdctlException(Exit.ERROR, "exit status " + rc);
                }
                return;
            }
            RangeResponse k = cl.stub(KVGrpc::newBlockingStub).range(RangeRequest.newBuilder().setKey(key).build());
            if (k.getKvsCount() == 0) {
                throw new EtcdctlException(Exit.ERROR, "lock lost on init");
            }
            p.get(k);
            c.out.flush();
            while (!stop.await(100, TimeUnit.MILLISECONDS)) {
                if (s.expired.getCount() == 0) {
                    throw new EtcdctlException(Exit.ERROR, "session expired");
                }
            }
            unlock(cl, key);
        }
    }

    private static void unlock(Client cl, ByteString key) {
        cl.stub(LockGrpc::newBlockingStub).unlock(UnlockRequest.newBuilder().setKey(key).build());
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

    static void elect(Cmd c) throws Exception {
        if (c.args.size() != 1 && c.args.size() != 2) {
            throw new EtcdctlException(Exit.BAD_ARGS,
                    "elect takes one election name argument and an optional proposal argument");
        }
        boolean listen = c.bool("listen");
        Printer p = c.printer();
        Client cl = c.client();
        String name = c.args.get(0);
        if (c.args.size() == 1) {
            if (!listen) {
                throw new EtcdctlException(Exit.BAD_ARGS, "no proposal argument but -l not set");
            }
            CountDownLatch stop = stopSignal(c, new AtomicBoolean(true));
            Thread main = Thread.currentThread();
            Thread watcher = new Thread(() -> {
                try {
                    stop.await();
                } catch (InterruptedException e) {
                    return;
                }
                main.interrupt();
            });
            watcher.setDaemon(true);
            watcher.start();
            try {
                Iterator<LeaderResponse> it = cl.streamStub(ElectionGrpc::newBlockingStub)
                        .observe(LeaderRequest.newBuilder().setName(Commands.bs(name)).build());
                while (it.hasNext()) {
                    LeaderResponse lr = it.next();
                    p.get(RangeResponse.newBuilder().setHeader(lr.getHeader()).addKvs(lr.getKv()).setCount(1).build());
                    c.out.flush();
                }
            } catch (StatusRuntimeException e) {
                if (stop.getCount() == 0) {
                    return;
                }
                throw new EtcdctlException(Exit.ERROR, Client.errorText(e));
            }
            if (stop.getCount() == 0) {
                return;
            }
            throw new EtcdctlException(Exit.ERROR, "elect: observer lost");
        }
        if (listen) {
            throw new EtcdctlException(Exit.BAD_ARGS, "proposal given but -l is set");
        }
        AtomicBoolean held = new AtomicBoolean();
        CountDownLatch stop = stopSignal(c, held);
        try (Session s = new Session(cl, 60)) {
            CampaignResponse cr;
            try {
                cr = cl.streamStub(ElectionGrpc::newBlockingStub).campaign(CampaignRequest.newBuilder()
                        .setName(Commands.bs(name)).setLease(s.lease).setValue(Commands.bs(c.args.get(1))).build());
            } catch (StatusRuntimeException e) {
                throw new EtcdctlException(Exit.ERROR, Client.errorText(e));
            }
            held.set(true);
            RangeResponse k = cl.stub(KVGrpc::newBlockingStub)
                    .range(RangeRequest.newBuilder().setKey(cr.getLeader().getKey()).build());
            p.get(k);
            c.out.flush();
            while (!stop.await(100, TimeUnit.MILLISECONDS)) {
                if (s.expired.getCount() == 0) {
                    throw new EtcdctlException(Exit.ERROR, "elect: session expired");
                }
            }
            cl.stub(ElectionGrpc::newBlockingStub).resign(ResignRequest.newBuilder().setLeader(cr.getLeader()).build());
        }
    }
}

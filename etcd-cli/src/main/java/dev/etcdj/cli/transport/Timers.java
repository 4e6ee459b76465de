package dev.etcdj.cli.transport;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** One daemon thread, created on first use, for deadlines and keep-alive pings. */
final class Timers {
    private Timers() {}

    private static ScheduledThreadPoolExecutor executor;

    static synchronized ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
        if (executor == null) {
            executor = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "etcdctl-timer");
                t.setDaemon(true);
                return t;
            });
            executor.setRemoveOnCancelPolicy(true);
        }
        return executor.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    }
}

package dev.etcdj.cli.transport;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * Runs a call's listener callbacks one at a time, in the order enqueued, on the call's executor (the
 * blocking stubs' caller thread) or else on the thread that schedules them. Callbacks are enqueued under
 * the call's lock and run after it is released.
 */
final class SerializingExecutor {
    private final Executor target;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean running;

    SerializingExecutor(Executor target) {
        this.target = target;
    }

    synchronized void enqueue(Runnable r) {
        queue.add(r);
    }

    /** Makes sure the enqueued callbacks run. */
    void schedule() {
        synchronized (this) {
            if (running || queue.isEmpty()) {
                return;
            }
            running = true;
        }
        if (target == null) {
            drain();
        } else {
            target.execute(this::drain);
        }
    }

    private void drain() {
        while (true) {
            Runnable r;
            synchronized (this) {
                r = queue.poll();
                if (r == null) {
                    running = false;
                    return;
                }
            }
            r.run();
        }
    }
}

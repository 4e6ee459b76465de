package dev.etcdj.cli.etcdctl;

import dev.etcdj.storage.bolt.BoltFileLock;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/** Waits, as bbolt's Open does, while a running etcd holds the lock on its database file (or etcdj's store). */
final class BoltLockWait {
    private static final long POLL_MS = 100;

    private BoltLockWait() {}

    /** Returns once nobody holds the lock; after a second of waiting, runs {@code announce} once. */
    static void await(Path db, Runnable announce) throws InterruptedException {
        await(() -> BoltFileLock.held(db), announce);
    }

    /** As above, for any lock {@code held} tells about. */
    static void await(BooleanSupplier held, Runnable announce) throws InterruptedException {
        long announceAt = System.nanoTime() + 1_000_000_000L;
        boolean announced = false;
        while (held.getAsBoolean()) {
            if (!announced && System.nanoTime() >= announceAt) {
                announce.run();
                announced = true;
            }
            Thread.sleep(POLL_MS);
        }
    }
}

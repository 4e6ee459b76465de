package dev.etcdj.cli.etcdctl;

import dev.etcdj.storage.bolt.BoltFileLock;

import java.nio.file.Path;

/** Waits, as bbolt's Open does, while a running etcd holds the lock on its database file. */
final class BoltLockWait {
    private static final long POLL_MS = 100;

    private BoltLockWait() {}

    /** Returns once nobody holds the lock; after a second of waiting, runs {@code announce} once. */
    static void await(Path db, Runnable announce) throws InterruptedException {
        long announceAt = System.nanoTime() + 1_000_000_000L;
        boolean announced = false;
        while (BoltFileLock.held(db)) {
            if (!announced && System.nanoTime() >= announceAt) {
                announce.run();
                announced = true;
            }
            Thread.sleep(POLL_MS);
        }
    }
}

package dev.etcdj.cli.etcdctl;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT and SIGTERM from the first moment of {@code main}. Under load the JVM takes a few hundred
 * milliseconds to reach a command, and etcd's e2e tests signal a waiting {@code lock} about 200 ms after
 * starting it: lock and elect answer with "context canceled", which the JVM's default handling (exit
 * 128+n) would lose. A signal that arrives while the command line is parsed is held for the command; the
 * other commands get the JVM's default back, for it too.
 */
final class EarlySignals {
    private static final String[] NAMES = {"INT", "TERM"};
    private static final SignalHandler[] previous = new SignalHandler[NAMES.length];
    private static boolean installed;
    private static volatile SignalHandler command;
    private static volatile Signal pending;

    private EarlySignals() {}

    static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        for (int i = 0; i < NAMES.length; i++) {
            try {
                previous[i] = Signal.handle(new Signal(NAMES[i]), EarlySignals::on);
            } catch (IllegalArgumentException e) {
                // the signal is not available here (or ignored, as for background jobs)
            }
        }
    }

    private static void on(Signal s) {
        synchronized (EarlySignals.class) {
            if (command == null) {
                pending = s;
                return;
            }
        }
        command.handle(s);
    }

    /** The command handles the signals from now on, and at once one that came early. */
    static void handleWith(SignalHandler h) {
        install();
        Signal early;
        synchronized (EarlySignals.class) {
            command = h;
            early = pending;
            pending = null;
        }
        if (early != null) {
            h.handle(early);
        }
    }

    /** The command leaves signals to the JVM, which also acts on one that came early. */
    static void useDefault() {
        Signal early;
        synchronized (EarlySignals.class) {
            if (!installed || command != null) {
                return;
            }
            for (int i = 0; i < NAMES.length; i++) {
                if (previous[i] != null) {
                    Signal.handle(new Signal(NAMES[i]), previous[i]);
                }
            }
            installed = false;
            early = pending;
            pending = null;
        }
        if (early != null) {
            previous[early.getName().equals("INT") ? 0 : 1].handle(early);
        }
    }
}

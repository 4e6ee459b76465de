package dev.etcdj.cli.etcdctl;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT and SIGTERM for lock and elect from the first moment of {@code main}. Under load the JVM takes a
 * good part of a second to reach the command, and etcd's e2e tests signal a waiting {@code lock} about
 * 200 ms after starting it: until the command takes over ({@link #handleWith}), a signal ends the process
 * at once with etcdctl's "context canceled" rather than the JVM's default exit 130. Other commands keep
 * the JVM's default.
 */
final class EarlySignals {
    private static final String[] NAMES = {"INT", "TERM"};
    private static boolean installed;
    private static SignalHandler command;

    private EarlySignals() {}

    /** Installs the early handling when the command line names lock or elect. */
    static void install(String[] args) {
        String cmd = FlagParser.topCommand(java.util.List.of(args));
        if ("lock".equals(cmd) || "elect".equals(cmd)) {
            installSignals();
        }
    }

    private static synchronized void installSignals() {
        if (installed) {
            return;
        }
        installed = true;
        for (String name : NAMES) {
            try {
                Signal.handle(new Signal(name), EarlySignals::on);
            } catch (IllegalArgumentException e) {
                // the signal is not available here
            }
        }
    }

    private static void on(Signal s) {
        SignalHandler h;
        synchronized (EarlySignals.class) {
            h = command;
        }
        if (h != null) {
            h.handle(s);
            return;
        }
        try {
            new FileOutputStream(FileDescriptor.err).write("Error: context canceled\n".getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // nothing more to do on the way out
        }
        Runtime.getRuntime().halt(Exit.ERROR);
    }

    /** The command handles the signals from now on. */
    static void handleWith(SignalHandler h) {
        installSignals();
        synchronized (EarlySignals.class) {
            command = h;
        }
    }
}

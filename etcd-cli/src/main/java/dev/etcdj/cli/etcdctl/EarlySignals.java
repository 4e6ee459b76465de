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
        String cmd = commandOf(args);
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
                // the signal is not available here (or ignored, as for background jobs)
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

    /** The command word: the first argument that is neither a global flag nor a flag's value. */
    static String commandOf(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                return i + 1 < args.length ? args[i + 1] : null;
            }
            if (!a.startsWith("-") || a.equals("-")) {
                return a;
            }
            if (a.indexOf('=') >= 0) {
                continue;
            }
            String name = a.startsWith("--") ? a.substring(2) : a.equals("-w") ? "write-out" : a.equals("-d") ? "discovery-srv" : null;
            for (String[] f : Globals.FLAGS) {
                if (f[0].equals(name) && !f[1].equals("bool")) {
                    i++;
                }
            }
        }
        return null;
    }
}

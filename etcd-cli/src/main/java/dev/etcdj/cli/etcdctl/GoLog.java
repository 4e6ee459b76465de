package dev.etcdj.cli.etcdctl;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** etcdctl's Go {@code log} lines on stderr: {@code 2006-01-02 15:04:05.000000 I | message}. */
final class GoLog {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private final Out err;

    GoLog(Out err) {
        this.err = err;
    }

    void println(String message) {
        err.println(line(message));
        err.flush();
    }

    /** log.Fatal: the line, then exit status 1. */
    V2Exit fatal(String message) {
        return new V2Exit(1, line(message));
    }

    private static String line(String message) {
        return LocalDateTime.now().format(TIME) + " I | " + message;
    }
}

package dev.etcdj.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Map;

final class TestSupport {
    private TestSupport() {}

    static LoadResult load(Map<String, String> env, String... args) {
        return ConfigLoader.load(args, env);
    }

    static LoadResult.Run run(String... args) {
        return runEnv(Map.of(), args);
    }

    static LoadResult.Run runEnv(Map<String, String> env, String... args) {
        LoadResult r = load(env, args);
        if (r instanceof LoadResult.Exit e) {
            throw new AssertionError("expected Run, got exit " + e.code() + ": " + e.stderr());
        }
        return assertInstanceOf(LoadResult.Run.class, r);
    }

    static ServerConfig cfg(String... args) {
        return run(args).config();
    }

    /** Asserts exit code 1 with exactly one stderr line and returns it (without the newline). */
    static String error(String... args) {
        return errorEnv(Map.of(), args);
    }

    static String errorEnv(Map<String, String> env, String... args) {
        LoadResult r = load(env, args);
        LoadResult.Exit e = assertInstanceOf(LoadResult.Exit.class, r, () -> "expected an error for " + String.join(" ", args));
        assertEquals(1, e.code());
        assertEquals("", e.stdout());
        String s = e.stderr();
        assertEquals(1, s.chars().filter(c -> c == '\n').count(), "one line: " + s);
        return s.substring(0, s.length() - 1);
    }

    /** The wrapped form etcd logs for validation errors. */
    static String verifying(String msg) {
        return "etcdmain: error verifying flags, " + msg + ". See 'etcd --help'.";
    }
}

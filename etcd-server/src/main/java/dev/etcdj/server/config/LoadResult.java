package dev.etcdj.server.config;

import java.util.Arrays;
import java.util.List;

/** Outcome of {@link ConfigLoader#load(String[], java.util.Map)}. */
public sealed interface LoadResult permits LoadResult.Run, LoadResult.Exit, LoadResult.Subcommand {

    /**
     * Start the server with this configuration. {@code warnings} are the messages etcd 3.4 would log or print
     * while loading (recognized/unrecognized environment variables, ignored flags, deprecations, defaults used),
     * in order; the caller decides how to log them.
     */
    record Run(ServerConfig config, List<String> warnings) implements LoadResult {
        public Run {
            warnings = List.copyOf(warnings);
        }
    }

    /** Print {@code stdout} and {@code stderr} verbatim (each already newline-terminated or empty) and exit. */
    record Exit(int code, String stdout, String stderr) implements LoadResult {}

    /** {@code etcd gateway ...} or {@code etcd grpc-proxy ...}: {@code args} are the arguments after the name. */
    record Subcommand(String name, String[] args) implements LoadResult {
        public Subcommand {
            args = args.clone();
        }

        @Override
        public String[] args() {
            return args.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Subcommand s && s.name.equals(name) && Arrays.equals(s.args, args);
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + Arrays.hashCode(args);
        }

        @Override
        public String toString() {
            return "Subcommand[name=" + name + ", args=" + Arrays.toString(args) + "]";
        }
    }
}

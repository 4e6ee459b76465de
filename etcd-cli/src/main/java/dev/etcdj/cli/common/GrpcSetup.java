package dev.etcdj.cli.common;

import io.grpc.netty.shaded.io.netty.util.internal.logging.InternalLoggerFactory;
import io.grpc.netty.shaded.io.netty.util.internal.logging.JdkLoggerFactory;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Process-wide gRPC/Netty settings for the command line tools. */
public final class GrpcSetup {
    private static volatile boolean done;
    /** Held strongly: java.util.logging only keeps weak references to configured loggers. */
    private static Logger grpcLogger;

    private GrpcSetup() {}

    /**
     * Routes the shaded Netty's logging to java.util.logging (so that it does not probe SLF4J and print
     * "No SLF4J providers" warnings) and silences gRPC's own warnings, which etcdctl does not print either.
     */
    public static void init() {
        if (done) {
            return;
        }
        synchronized (GrpcSetup.class) {
            if (done) {
                return;
            }
            InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
            grpcLogger = Logger.getLogger("io.grpc");
            grpcLogger.setLevel(Level.OFF);
            done = true;
        }
    }
}

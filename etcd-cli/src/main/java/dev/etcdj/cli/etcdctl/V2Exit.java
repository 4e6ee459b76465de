package dev.etcdj.cli.etcdctl;

/** Ends a v2 command: the exit code (ctlv2's) and what goes to stderr, or null for nothing. */
final class V2Exit extends RuntimeException {
    static final int BAD_ARGS = 1;
    static final int BAD_CONNECTION = 2;
    static final int SERVER_ERROR = 4;
    static final int CLUSTER_NOT_HEALTHY = 5;

    final int code;

    V2Exit(int code, String stderr) {
        super(stderr, null, false, false);
        this.code = code;
    }
}

package dev.etcdj.cli.etcdctl;

/** etcdctl's exit codes (ctlv3/command/error.go). */
final class Exit {
    static final int SUCCESS = 0;
    static final int ERROR = 1;
    static final int BAD_CONNECTION = 2;
    static final int INVALID_INPUT = 3;
    static final int BAD_FEATURE = 4;
    static final int INTERRUPTED = 5;
    static final int IO = 6;
    static final int BAD_ARGS = 128;

    private Exit() {}
}

package dev.etcdj.cli.etcdctl;

/**
 * Terminates the command with an exit code. With a message, "Error: message" is printed to stderr first
 * (like etcdctl's ExitWithError); with a null message nothing is printed.
 */
final class EtcdctlException extends RuntimeException {
    final int code;

    EtcdctlException(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    static EtcdctlException silent(int code) {
        return new EtcdctlException(code, null);
    }
}

package dev.etcdj.cli.transport;

/** A header block that cannot be decoded: a connection error (COMPRESSION_ERROR). */
final class HpackException extends Exception {
    HpackException(String message) {
        super(message);
    }
}

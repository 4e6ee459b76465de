package dev.etcdj.cli.etcdctl;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Byte-exact output: strings are written as UTF-8, keys and values as their raw bytes. */
final class Out {
    private final PrintStream ps;
    private boolean muted;

    Out(PrintStream ps) {
        this.ps = ps;
    }

    PrintStream stream() {
        return ps;
    }

    synchronized Out print(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return write(b);
    }

    /** Drops everything written from now on: etcdctl is exiting and has said its last word. */
    synchronized void mute() {
        ps.flush();
        muted = true;
    }

    synchronized Out println(String s) {
        return print(s).print("\n");
    }

    synchronized Out println() {
        return print("\n");
    }

    synchronized Out write(byte[] b) {
        if (!muted) {
            ps.write(b, 0, b.length);
        }
        return this;
    }

    synchronized Out writeln(byte[] b) {
        write(b);
        write(new byte[] {'\n'});
        return this;
    }

    synchronized void flush() {
        ps.flush();
    }

    OutputStream raw() {
        return ps;
    }

    static void copy(java.io.InputStream in, OutputStream out) throws IOException {
        in.transferTo(out);
    }
}

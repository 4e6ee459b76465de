package dev.etcdj.cli.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** The byte streams of one connection, and how to cut it (from any thread, waking a blocked reader). */
interface Conduit {
    InputStream in() throws IOException;

    OutputStream out() throws IOException;

    void close();
}

package dev.etcdj.cli.etcdctl;

import dev.etcdj.server.snapshot.SnapshotFileStatus;
import java.util.List;

/** {@code snapshot status} output as etcdctl 3.4 prints it (DBStatus), shared with etcdutl. */
public final class DbStatusFormat {
    private DbStatusFormat() {}

    /** The text for output format {@code format}, or null if the format cannot show it (protobuf). */
    public static String render(String format, SnapshotFileStatus st) {
        String[] row = {Long.toHexString(st.hash()), Long.toString(st.revision()), Long.toString(st.totalKey()),
            GoFmt.humanBytes(st.totalSize())};
        return switch (format) {
            case "json" -> "{\"hash\":" + st.hash() + ",\"revision\":" + st.revision() + ",\"totalKey\":"
                    + st.totalKey() + ",\"totalSize\":" + st.totalSize() + "}\n";
            case "protobuf" -> null;
            case "table" -> Table.render(new String[] {"hash", "revision", "total keys", "total size"},
                    List.<String[]>of(row));
            case "fields" -> "\"Hash\" : " + st.hash() + "\n\"Revision\" : " + st.revision() + "\n\"Keys\" : "
                    + st.totalKey() + "\n\"Size\" : " + st.totalSize() + "\n";
            default -> String.join(", ", row) + "\n";
        };
    }
}

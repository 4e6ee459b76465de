package dev.etcdj.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Transcript tests in the style of etcd-io/raft's interaction tests: each file under
 * {@code src/test/resources/interaction} is a sequence of commands, each followed by
 * {@code ----} and the exact expected output (messages delivered, role changes, applied
 * entries, read states, status lines). Regenerate after an intended change with
 * {@code -Draft.interaction.rewrite=true} and review the diff.
 *
 * <p>Commands: {@code cluster N [prevote=B] [checkquorum=B]}, {@code campaign ID},
 * {@code stabilize}, {@code tick ID N}, {@code tick-all N}, {@code isolate ID}, {@code heal},
 * {@code propose ID DATA}, {@code transfer-leader FROM TO}, {@code read-index ID CTX},
 * {@code status}.
 */
class InteractionTest {
    static final Path DIR = Path.of("src/test/resources/interaction");

    @TestFactory
    Stream<DynamicTest> transcripts() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(DIR)) {
            files = s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        assertTrue(files.size() >= 3, "interaction scripts present");
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> run(f)));
    }

    private void run(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        StringBuilder rewritten = new StringBuilder();
        TestCluster c = null;
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                rewritten.append(line).append('\n');
                i++;
                continue;
            }
            String cmd = line.trim();
            i++;
            if (i >= lines.size() || !lines.get(i).equals("----")) {
                throw new IllegalArgumentException(file + ": missing ---- after '" + cmd + "'");
            }
            i++;
            List<String> expected = new ArrayList<>();
            while (i < lines.size() && !lines.get(i).isBlank()) expected.add(lines.get(i++));
            List<String> out = new ArrayList<>();
            String[] a = cmd.split("\\s+");
            if (a[0].equals("cluster")) {
                boolean pv = true, cq = true;
                for (int k = 2; k < a.length; k++) {
                    if (a[k].equals("prevote=false")) pv = false;
                    if (a[k].equals("checkquorum=false")) cq = false;
                }
                boolean fpv = pv, fcq = cq;
                c = new TestCluster(Integer.parseInt(a[1]), b -> b.preVote(fpv).checkQuorum(fcq));
                out.add("ok");
            } else {
                c.transcript = out;
                execute(c, a, out);
                c.transcript = null;
            }
            if (out.isEmpty()) out.add("ok");
            rewritten.append(cmd).append("\n----\n");
            for (String o : out) rewritten.append(o).append('\n');
            if (!Boolean.getBoolean("raft.interaction.rewrite")) {
                assertEquals(String.join("\n", expected), String.join("\n", out), file.getFileName() + ": output of '" + cmd + "'");
            }
        }
        if (Boolean.getBoolean("raft.interaction.rewrite")) {
            Files.writeString(file, rewritten.toString(), StandardCharsets.UTF_8);
        }
    }

    private static void execute(TestCluster c, String[] a, List<String> out) {
        switch (a[0]) {
            case "campaign" -> c.node(Long.parseLong(a[1])).campaign();
            case "stabilize" -> c.stabilize();
            case "tick" -> c.tick(Long.parseLong(a[1]), Integer.parseInt(a[2]));
            case "tick-all" -> c.tickAll(Integer.parseInt(a[1]));
            case "isolate" -> c.isolate(Long.parseLong(a[1]));
            case "heal" -> c.heal();
            case "propose" -> {
                try {
                    c.node(Long.parseLong(a[1])).propose(a[2].getBytes());
                } catch (ProposalDroppedException e) {
                    out.add("error: " + e.getMessage());
                }
            }
            case "transfer-leader" -> c.node(Long.parseLong(a[1])).transferLeader(Long.parseLong(a[2]));
            case "read-index" -> c.node(Long.parseLong(a[1])).readIndex(a[2].getBytes());
            case "status" -> {
                for (long id : c.nodes.keySet()) {
                    Status s = c.node(id).status();
                    out.add(id + ": " + s.softState().role() + " term=" + s.hardState().term() + " lead=" + s.softState().leader()
                            + " vote=" + s.hardState().vote() + " commit=" + s.hardState().commit() + " last=" + s.lastIndex()
                            + (c.isolated.contains(id) ? " (isolated)" : ""));
                }
            }
            default -> throw new IllegalArgumentException("unknown command " + a[0]);
        }
    }
}

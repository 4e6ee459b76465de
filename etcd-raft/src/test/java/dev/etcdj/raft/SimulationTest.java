package dev.etcdj.raft;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Runs many seeded random schedules of {@link Simulation}.
 *
 * <ul>
 *   <li>{@code -Draft.sim.schedules=N}: number of schedules (default 1000)</li>
 *   <li>{@code -Draft.sim.seed=S}: replay only seed S (printed on failure)</li>
 *   <li>{@code -Draft.sim.steps=K}: chaos steps per schedule (default 2000)</li>
 * </ul>
 * e.g. {@code ./mvnw -o -pl etcd-raft test -Dtest=SimulationTest -Draft.sim.schedules=20000}
 */
class SimulationTest {

    @Test
    void randomSchedulesKeepRaftInvariants() {
        int schedules = Integer.getInteger("raft.sim.schedules", 1000);
        int steps = Integer.getInteger("raft.sim.steps", 2000);
        String only = System.getProperty("raft.sim.seed");
        long base = Long.getLong("raft.sim.baseSeed", 1L);
        long checks = 0, reads = 0, committed = 0, confs = 0, snaps = 0, crashes = 0, elections = 0, quorum = 0;
        int[] sizes = new int[8];
        int runs = 0;
        long t0 = System.nanoTime();
        if (only != null && !only.isEmpty()) {
            Simulation s = new Simulation(Long.parseLong(only));
            s.run(steps, 400);
            System.out.println("seed " + only + " ok: " + s.checks + " invariant checks, " + s.committedLog.size() + " committed");
            return;
        }
        for (int i = 0; i < schedules; i++) {
            long seed = base + i;
            Simulation s = new Simulation(seed);
            s.run(steps, 400);
            checks += s.checks;
            reads += s.readsServed;
            committed += s.committedLog.size();
            confs += s.confChangesApplied;
            snaps += s.snapshotsInstalled;
            crashes += s.crashes;
            elections += s.elections;
            quorum += s.commitRecords.size();
            sizes[s.nodes.size()]++;
            runs++;
        }
        System.out.printf("raft simulation: %d schedules, %d invariant checks, %d entries committed, %d leader commits"
                        + " checked durable on a quorum, %d reads verified, %d conf changes applied, %d snapshots installed, %d crashes, %d leaders elected in %d ms;"
                        + " schedules by final node count 1..7: %s%n",
                runs, checks, committed, quorum, reads, confs, snaps, crashes, elections, (System.nanoTime() - t0) / 1_000_000,
                java.util.Arrays.toString(java.util.Arrays.copyOfRange(sizes, 1, 8)));
        assertTrue(committed > runs, "schedules should commit entries");
        assertTrue(reads > 0, "some reads should be served");
        assertTrue(confs > 0 && snaps > 0 && crashes > 0, "schedules exercise membership, snapshots and crashes");
    }

    /**
     * The harness must be able to fail: with a driver that sends acknowledgements and votes
     * before they are durable (and crashes that lose them), some schedule must break an invariant.
     */
    @Test
    void harnessCatchesADriverThatSendsBeforePersisting() {
        int byHarness = 0, byLibrary = 0;
        String first = null;
        for (long seed = 1; seed <= 3000 && byHarness == 0; seed++) {
            Simulation s = new Simulation(seed);
            s.brokenDriver = true;
            try {
                s.run(2000, 400);
            } catch (AssertionError e) {
                byHarness++; // an invariant of the harness
                first = e.getMessage().lines().findFirst().orElse("");
            } catch (IllegalStateException e) {
                byLibrary++; // one of the library's own safety checks noticed lost state
            }
        }
        System.out.println("broken driver: " + byLibrary + " schedules stopped by library checks; harness invariant: " + first);
        assertTrue(byHarness > 0, "no harness invariant detected the contract violation");
    }
}

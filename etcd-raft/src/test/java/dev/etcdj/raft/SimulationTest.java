package dev.etcdj.raft;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Runs many seeded random schedules of {@link Simulation}.
 *
 * <ul>
 *   <li>{@code -Draft.sim.schedules=N}: number of schedules (default 600)</li>
 *   <li>{@code -Draft.sim.seed=S}: replay only seed S (printed on failure)</li>
 *   <li>{@code -Draft.sim.steps=K}: chaos steps per schedule (default 1500)</li>
 * </ul>
 * e.g. {@code ./mvnw -o -pl etcd-raft test -Dtest=SimulationTest -Draft.sim.schedules=20000}
 */
class SimulationTest {

    @Test
    void randomSchedulesKeepRaftInvariants() {
        int schedules = Integer.getInteger("raft.sim.schedules", 600);
        int steps = Integer.getInteger("raft.sim.steps", 1500);
        String only = System.getProperty("raft.sim.seed");
        long base = Long.getLong("raft.sim.baseSeed", 1L);
        long checks = 0, reads = 0, committed = 0;
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
            runs++;
        }
        System.out.printf("raft simulation: %d schedules, %d invariant checks, %d entries committed, %d reads verified in %d ms%n",
                runs, checks, committed, reads, (System.nanoTime() - t0) / 1_000_000);
        assertTrue(committed > runs, "schedules should commit entries");
        assertTrue(reads > 0, "some reads should be served");
    }
}

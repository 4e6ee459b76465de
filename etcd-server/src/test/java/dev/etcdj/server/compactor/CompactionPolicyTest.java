package dev.etcdj.server.compactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CompactionPolicyTest {

  @Test
  void retentionZeroTurnsAutoCompactionOff() {
    assertTrue(CompactionPolicy.fromFlags("periodic", "0").isEmpty());
    assertTrue(CompactionPolicy.fromFlags("revision", "0").isEmpty());
  }

  @Test
  void bareNumberIsHoursOtherwiseGoDuration() {
    assertEquals(Duration.ofHours(2), CompactionPolicy.parsePeriod("2"));
    assertEquals(Duration.ofMinutes(90), CompactionPolicy.parsePeriod("1h30m"));
    assertEquals(Duration.ofMillis(1500), CompactionPolicy.parsePeriod("1.5s"));
    assertThrows(IllegalArgumentException.class, () -> CompactionPolicy.parsePeriod("5 minutes"));
    assertThrows(IllegalArgumentException.class, () -> CompactionPolicy.fromFlags("sometimes", "1"));
  }

  @Test
  void periodicCompactsAtTheRevisionOnePeriodAgo() {
    CompactionPolicy p = CompactionPolicy.fromFlags("periodic", "10s").orElseThrow();
    assertEquals(Duration.ofSeconds(1), p.checkInterval());
    OptionalLong decided = OptionalLong.empty();
    long now = 0;
    long rev = 1;
    // revisions grow by 100 per second; nothing happens before a full period has passed
    for (int second = 0; second < 10; second++) {
      decided = p.check(now, rev);
      assertTrue(decided.isEmpty(), "no compaction at second " + second);
      now += 1000;
      rev += 100;
    }
    decided = p.check(now, rev);
    assertEquals(OptionalLong.of(1), decided, "compacts at the revision seen one period ago");
    p.completed(now, true);
    for (int second = 0; second < 9; second++) {
      now += 1000;
      rev += 100;
      assertTrue(p.check(now, rev).isEmpty());
    }
    now += 1000;
    rev += 100;
    assertEquals(OptionalLong.of(rev - 1000), p.check(now, rev), "then every period, keeping one period");
  }

  @Test
  void revisionModeKeepsTheLastNRevisions() {
    CompactionPolicy p = CompactionPolicy.fromFlags("revision", "100").orElseThrow();
    assertEquals(Duration.ofMinutes(5), p.checkInterval());
    assertTrue(p.check(0, 50).isEmpty(), "nothing to compact yet");
    assertEquals(OptionalLong.of(400), p.check(1, 500));
    assertTrue(p.check(2, 500).isEmpty(), "not the same revision twice");
    assertEquals(OptionalLong.of(450), p.check(3, 550));
  }
}

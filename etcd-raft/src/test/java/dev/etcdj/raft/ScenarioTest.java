package dev.etcdj.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The classic Raft scenarios, each as a short transcript on a {@link TestCluster}. */
class ScenarioTest {

    @Test
    void electsLeaderAndReplicates() {
        TestCluster c = new TestCluster(3);
        c.campaign(1);
        assertEquals(1, c.leader());
        c.propose(1, "a");
        c.propose(2, "b"); // forwarded by a follower
        for (long id = 1; id <= 3; id++) assertEquals(List.of("a", "b"), c.appliedData(id), "node " + id);
    }

    @Test
    void electionTimeoutElectsSomeone() {
        TestCluster c = new TestCluster(5);
        c.tickAll(40);
        long l = c.leader();
        assertTrue(l != 0, "a leader after 40 ticks");
        for (long id = 1; id <= 5; id++) assertEquals(l, c.raft(id).lead, "node " + id + " follows " + l);
    }

    @Test
    void preVoteStopsPartitionedNodeFromDisruptingStableLeader() {
        TestCluster c = new TestCluster(3, b -> b.checkQuorum(false).preVote(true));
        c.campaign(1);
        long term = c.term(1);
        c.isolate(3);
        c.propose(1, "while-3-away");
        c.tick(3, 100); // many election timeouts alone
        c.stabilize();
        assertEquals(term, c.term(3), "pre-candidate must not bump its term");
        c.heal();
        c.tickAll(30);
        assertEquals(1, c.leader(), "leader undisturbed");
        assertEquals(term, c.term(1), "term unchanged after the partitioned node returns");
        assertEquals(List.of("while-3-away"), c.appliedData(3));
    }

    @Test
    void withoutPreVoteThePartitionedNodeDisruptsTheLeader() {
        // The control experiment for the test above.
        TestCluster c = new TestCluster(3, b -> b.checkQuorum(false).preVote(false));
        c.campaign(1);
        long term = c.term(1);
        c.isolate(3);
        c.propose(1, "x");
        c.tick(3, 100);
        c.stabilize();
        assertTrue(c.term(3) > term + 3, "term inflation while isolated");
        c.heal();
        c.tickAll(25);
        assertTrue(c.term(1) > term, "the returning node forced a new term on the leader");
    }

    @Test
    void checkQuorumLeaderStepsDownWhenIsolated() {
        TestCluster c = new TestCluster(3, b -> b.checkQuorum(true));
        c.campaign(1);
        c.isolate(1);
        for (int i = 0; i < 2 * 10; i++) {
            c.node(1).tick();
        }
        c.stabilize();
        assertEquals(StateRole.FOLLOWER, c.role(1), "isolated leader stepped down");
        c.tickAll(0);
        for (int i = 0; i < 40; i++) {
            c.node(2).tick();
            c.node(3).tick();
            c.stabilize();
        }
        long l = c.leader();
        assertTrue(l == 2 || l == 3, "majority side elected a leader, got " + l);
    }

    @Test
    void checkQuorumFollowersIgnoreVotesWhileLeaderIsAlive() {
        TestCluster c = new TestCluster(3, b -> b.checkQuorum(true).preVote(false));
        c.campaign(1);
        long term = c.term(1);
        c.node(3).campaign(); // a node that ignores its leader
        c.stabilize();
        assertEquals(1, c.leader());
        assertEquals(StateRole.FOLLOWER, c.role(2));
        assertEquals(term, c.term(2), "follower in lease ignored the vote request");
    }

    @Test
    void learnerNeverVotesNorCampaigns() {
        TestCluster c = new TestCluster(3);
        c.campaign(1);
        c.add(4, new MemoryStorage());
        c.node(1).proposeConfChange(new ConfChange(ConfChangeType.ADD_LEARNER_NODE, 4));
        c.stabilize();
        c.tickAll(3);
        c.propose(1, "x");
        assertEquals(List.of("x"), c.appliedData(4), "learner catches up");
        assertTrue(c.confs.get(1L).learners().contains(4L));
        // Cut the two other voters away: node 1 and the learner alone are no quorum.
        c.isolate(2);
        c.isolate(3);
        c.delivered.clear();
        for (int i = 0; i < 200; i++) {
            c.node(1).tick();
            c.node(4).tick();
            c.stabilize();
        }
        assertFalse(c.role(1) == StateRole.LEADER, "node 1 cannot lead with only a learner's support");
        assertEquals(StateRole.FOLLOWER, c.role(4), "the learner never campaigns");
        assertTrue(c.delivered.stream().noneMatch(m -> m.from() == 4
                && (m.type() == MessageType.MsgVote || m.type() == MessageType.MsgPreVote)), "learner sent no vote request");
        // Promote it; now it may vote and lead.
        c.heal();
        c.tickAll(30);
        long l = c.leader();
        c.node(l).proposeConfChange(new ConfChange(ConfChangeType.ADD_NODE, 4));
        c.stabilize();
        c.tickAll(2);
        assertTrue(c.confs.get(4L).voters().contains(4L), "promoted");
        c.node(c.leader()).transferLeader(4);
        c.tickAll(5);
        assertEquals(4, c.leader(), "a promoted learner can become leader");
    }

    @Test
    void leaderTransferToLaggingNode() {
        TestCluster c = new TestCluster(3);
        c.campaign(1);
        long term = c.term(1);
        c.isolate(3);
        for (int i = 0; i < 5; i++) c.propose(1, "e" + i);
        c.heal();
        assertTrue(c.raft(3).log.lastIndex() < c.raft(1).log.lastIndex(), "node 3 lags");
        c.node(1).transferLeader(3);
        assertThrows(ProposalDroppedException.class, () -> c.node(1).propose("during".getBytes()),
                "proposals are refused while leadership is being transferred");
        c.stabilize();
        c.tickAll(3); // heartbeats let the leader resume probing node 3
        assertEquals(3, c.leader(), "transferee caught up and took over");
        assertTrue(c.term(3) > term);
        c.propose(3, "after");
        for (long id = 1; id <= 3; id++) {
            assertEquals(List.of("e0", "e1", "e2", "e3", "e4", "after"), c.appliedData(id), "node " + id);
        }
    }

    @Test
    void leaderTransferAbortsAfterElectionTimeout() {
        TestCluster c = new TestCluster(3);
        c.campaign(1);
        c.isolate(3);
        c.node(1).transferLeader(3);
        assertEquals(3, c.node(1).status().leadTransferee());
        c.tickAll(10);
        assertEquals(0, c.node(1).status().leadTransferee(), "transfer abandoned");
        assertEquals(1, c.leader());
        c.propose(1, "ok"); // proposals accepted again
        assertEquals(List.of("ok"), c.appliedData(2));
    }

    @Test
    void snapshotToNewMember() {
        TestCluster c = new TestCluster(3);
        c.campaign(1);
        for (int i = 0; i < 10; i++) c.propose(1, "v" + i);
        MemoryStorage s1 = c.storages.get(1L);
        long applied = c.node(1).status().applied();
        s1.createSnapshot(applied, c.confs.get(1L), "state-v0..v9".getBytes());
        s1.compact(applied);
        c.add(4, new MemoryStorage());
        c.node(1).proposeConfChange(new ConfChange(ConfChangeType.ADD_NODE, 4));
        c.stabilize();
        c.tickAll(3);
        assertTrue(c.delivered.stream().anyMatch(m -> m.type() == MessageType.MsgSnap && m.to() == 4), "leader sent a snapshot");
        assertEquals(applied, c.storages.get(4L).snapshot().index(), "new member installed the snapshot");
        assertEquals("state-v0..v9", new String(c.storages.get(4L).snapshot().data()));
        c.propose(1, "after-join");
        assertEquals(List.of("after-join"), c.appliedData(4), "resumed from the snapshot");
        assertTrue(c.confs.get(4L).voters().contains(4L));
        Status st = c.node(1).status();
        assertEquals(st.lastIndex(), st.progress().get(4L).match());
        assertEquals(ProgressState.REPLICATE, st.progress().get(4L).state());
    }

    @Test
    void removedLeaderHandsOverLeadership() {
        TestCluster c = new TestCluster(3);
        c.campaign(1);
        c.node(1).proposeConfChange(new ConfChange(ConfChangeType.REMOVE_NODE, 1));
        c.stabilize();
        c.tickAll(12);
        long l = c.leader();
        assertTrue(l == 2 || l == 3, "a remaining voter leads, got " + l);
        assertEquals(java.util.Set.of(2L, 3L), c.confs.get(l).voters());
        c.propose(l, "without-1");
        assertEquals(List.of("without-1"), c.appliedData(l == 2 ? 3 : 2));
    }

    @Test
    void secondConfChangeIsRefusedUntilFirstApplied() {
        TestCluster c = new TestCluster(3);
        c.campaign(1);
        c.add(4, new MemoryStorage());
        c.add(5, new MemoryStorage());
        c.node(1).proposeConfChange(new ConfChange(ConfChangeType.ADD_LEARNER_NODE, 4));
        assertThrows(ProposalDroppedException.class,
                () -> c.node(1).proposeConfChange(new ConfChange(ConfChangeType.ADD_LEARNER_NODE, 5)));
        c.stabilize();
        c.node(1).proposeConfChange(new ConfChange(ConfChangeType.ADD_LEARNER_NODE, 5));
        c.stabilize();
        assertEquals(java.util.Set.of(4L, 5L), c.confs.get(1L).learners());
    }

    /**
     * Figure 8 of the Raft paper: a leader must not count replicas of an entry from an older term
     * towards commitment; such an entry may still be overwritten.
     */
    @Test
    void figure8OldTermEntryOnMajorityIsNotCommitted() {
        TestCluster c = new TestCluster(5, b -> b.preVote(false).checkQuorum(false).maxSizePerMsg(1));
        c.campaign(1);
        // (a) S1 leads term t1 and replicates X only to S2.
        c.dropIf = m -> !((m.from() == 1 && m.to() == 2) || (m.from() == 2 && m.to() == 1));
        c.propose(1, "X");
        long i = c.raft(1).log.lastIndex();
        assertEquals(i, c.raft(2).log.lastIndex());
        assertTrue(c.raft(1).log.committed < i);
        // (b) S1 down; S5 wins with S3, S4 and appends an entry at i that nobody receives.
        c.dropIf = m -> m.from() == 1 || m.to() == 1 || m.from() == 2 || m.to() == 2
                || (m.type() == MessageType.MsgApp && m.from() == 5);
        c.restart(1); // S1 crashes (its durable state survives)
        c.campaign(5);
        assertEquals(StateRole.LEADER, c.role(5));
        long t5 = c.term(5);
        assertEquals(t5, c.raft(5).log.term(i), "S5's own entry sits at index i");
        // (c) S5 down; S1 back, elected, replicates X to S3 (a majority holds X) but not its new entry.
        c.dropIf = m -> m.from() == 5 || m.to() == 5 || (m.from() == 1 && m.to() == 4 && m.type() == MessageType.MsgApp)
                || (m.type() == MessageType.MsgApp && m.from() == 1 && m.to() == 3
                && m.entries().stream().anyMatch(e -> e.index() > i) && c.raft(3).log.lastIndex() >= i);
        c.restart(5);
        while (c.role(1) != StateRole.LEADER) c.campaign(1);
        c.tickAll(3);
        assertEquals(c.raft(1).log.term(i), c.raft(3).log.term(i), "S3 now holds X: S1, S2, S3 are a majority");
        assertTrue(c.raft(1).log.committed < i, "X (older term) must not be committed by counting replicas");
        // (d) S1 down; S5 can still win and overwrite X.
        c.dropIf = m -> m.from() == 1 || m.to() == 1;
        c.restart(1);
        while (c.role(5) != StateRole.LEADER) c.campaign(5);
        c.tickAll(3);
        for (long id = 2; id <= 5; id++) {
            assertEquals(t5, c.raft(id).log.term(i), "node " + id + " has S5's entry at i");
            assertFalse(c.appliedData(id).contains("X"), "X was never applied on " + id);
        }
        c.dropIf = m -> false;
        c.tickAll(3);
        assertEquals(t5, c.raft(1).log.term(i), "S1's uncommitted X was overwritten");
        assertFalse(c.appliedData(1).contains("X"));
    }

    /** Figure 8, the other branch: once an entry of the leader's own term is on a majority, X commits and survives. */
    @Test
    void figure8CurrentTermEntryCommitsOlderOnes() {
        TestCluster c = new TestCluster(5, b -> b.preVote(false).checkQuorum(false));
        c.campaign(1);
        c.dropIf = m -> !((m.from() == 1 && m.to() == 2) || (m.from() == 2 && m.to() == 1));
        c.propose(1, "X");
        c.dropIf = m -> m.from() == 1 || m.to() == 1 || m.from() == 2 || m.to() == 2
                || (m.type() == MessageType.MsgApp && m.from() == 5);
        c.restart(1);
        c.campaign(5);
        c.dropIf = m -> m.from() == 5 || m.to() == 5;
        c.restart(5);
        while (c.role(1) != StateRole.LEADER) c.campaign(1);
        c.tickAll(3);
        assertTrue(c.appliedData(1).contains("X"), "committed through the new term's entry");
        c.dropIf = m -> m.from() == 1 || m.to() == 1;
        c.restart(1);
        for (int k = 0; k < 5; k++) c.campaign(5);
        assertFalse(c.role(5) == StateRole.LEADER, "S5 lacks committed X and cannot win");
        c.dropIf = m -> false;
        c.tickAll(40);
        for (long id = 1; id <= 5; id++) assertEquals(List.of("X"), c.appliedData(id), "X survives on " + id);
    }

    @Test
    void readIndexIsConfirmedByQuorumAndServedOnFollower() {
        TestCluster c = new TestCluster(3);
        c.campaign(1);
        c.propose(1, "a");
        long commit = c.raft(1).log.committed;
        c.node(2).readIndex("r1".getBytes());
        c.stabilize();
        assertEquals(1, c.reads.get(2L).size());
        assertEquals(commit, c.reads.get(2L).get(0).index());
        assertEquals("r1", new String(c.reads.get(2L).get(0).requestCtx()));
        // A leader cut off from the quorum cannot confirm a read.
        c.isolate(1);
        c.node(1).readIndex("r2".getBytes());
        c.stabilize();
        assertTrue(c.reads.get(1L).isEmpty(), "no read state without a quorum");
    }

    @Test
    void leaseBasedReadNeedsNoRoundTrip() {
        TestCluster c = new TestCluster(3, b -> b.readOnlyOption(ReadOnlyOption.LEASE_BASED).checkQuorum(true));
        c.campaign(1);
        c.propose(1, "a");
        c.delivered.clear();
        c.node(1).readIndex("lease".getBytes());
        c.stabilize();
        assertEquals(1, c.reads.get(1L).size());
        assertEquals(c.raft(1).log.committed, c.reads.get(1L).get(0).index());
        assertTrue(c.delivered.stream().noneMatch(m -> m.type() == MessageType.MsgHeartbeat), "served from the lease");
    }

    @Test
    void followerFarBehindGetsSnapshotAfterCompaction() {
        TestCluster c = new TestCluster(3);
        c.campaign(1);
        c.isolate(3);
        for (int i = 0; i < 20; i++) c.propose(1, "v" + i);
        long applied = c.node(1).status().applied();
        c.storages.get(1L).createSnapshot(applied, c.confs.get(1L), "snap".getBytes());
        c.storages.get(1L).compact(applied);
        c.heal();
        c.tickAll(5);
        assertEquals(applied, c.storages.get(3L).snapshot().index());
        c.propose(1, "next");
        assertEquals(List.of("next"), c.appliedData(3));
    }

    @Test
    void restartResumesFromPersistedState() {
        TestCluster c = new TestCluster(3);
        c.campaign(1);
        c.propose(1, "a");
        long term = c.term(2);
        c.restart(2);
        assertEquals(term, c.term(2));
        assertEquals(c.raft(1).log.lastIndex(), c.raft(2).log.lastIndex());
        c.applied.get(2L).clear();
        c.tickAll(2);
        c.propose(1, "b");
        assertEquals(List.of("a", "b"), c.appliedData(2), "restarted node re-applies from its snapshot");
    }
}

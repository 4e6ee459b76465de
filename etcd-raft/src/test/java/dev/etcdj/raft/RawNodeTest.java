package dev.etcdj.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Ready/advance contract and the API edges of {@link RawNode}. */
class RawNodeTest {

    static RawNode single() {
        return new RawNode(Config.builder(1, MemoryStorage.bootstrap(ConfState.ofVoters(1L))).build());
    }

    /** Persists a Ready into the node's MemoryStorage and advances. */
    static void persistAndAdvance(RawNode n, MemoryStorage s, Ready rd) {
        if (rd.snapshot() != null) s.applySnapshot(rd.snapshot());
        s.append(rd.entries());
        if (rd.hardState() != null) s.setHardState(rd.hardState());
        n.advance(rd);
    }

    @Test
    void secondReadyBeforeAdvanceIsRefused() {
        RawNode n = single();
        n.campaign();
        Ready rd = n.ready();
        IllegalStateException e = assertThrows(IllegalStateException.class, n::ready);
        assertTrue(e.getMessage().contains("advance"), e.getMessage());
        assertFalse(n.hasReady(), "hasReady is false while a Ready is outstanding");
        n.advance(rd);
        assertThrows(IllegalStateException.class, () -> n.advance(rd), "advancing twice");
    }

    @Test
    void illegalTransitionNamesBothRoles() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Role.checkTransition(Role.LEADER, Role.CANDIDATE));
        assertTrue(e.getMessage().contains("LEADER") && e.getMessage().contains("CANDIDATE"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Role.checkTransition(Role.FOLLOWER, Role.LEADER));
        assertThrows(IllegalStateException.class, () -> Role.checkTransition(Role.PRE_CANDIDATE, Role.LEADER));
        Role.checkTransition(Role.CANDIDATE, Role.LEADER);
        Role.checkTransition(Role.LEADER, Role.FOLLOWER);
    }

    @Test
    void configIsValidatedAtBuildTime() {
        MemoryStorage s = new MemoryStorage();
        assertThrows(IllegalArgumentException.class, () -> Config.builder(0, s).build());
        assertThrows(IllegalArgumentException.class, () -> Config.builder(1, s).electionTick(2).heartbeatTick(2).build());
        assertThrows(IllegalArgumentException.class, () -> Config.builder(1, s).heartbeatTick(0).build());
        assertThrows(IllegalArgumentException.class, () -> Config.builder(1, s).maxInflightMsgs(0).build());
        assertThrows(IllegalArgumentException.class,
                () -> Config.builder(1, s).readOnlyOption(ReadOnlyOption.LEASE_BASED).checkQuorum(false).build());
        assertThrows(IllegalArgumentException.class, () -> Config.builder(1, s).maxSizePerMsg(1000).maxInflightBytes(10).build());
        assertThrows(NullPointerException.class, () -> Config.builder(1, null).build());
        Config c = Config.builder(1, s).build();
        assertTrue(c.preVote() && c.checkQuorum(), "PreVote and CheckQuorum on by default");
    }

    @Test
    void singleNodeCommitsOnlyAfterItsOwnWriteIsDurable() {
        MemoryStorage s = MemoryStorage.bootstrap(ConfState.ofVoters(1L));
        RawNode n = new RawNode(Config.builder(1, s).build());
        n.campaign();
        Ready rd = n.ready();
        assertEquals(StateRole.LEADER, rd.softState().role());
        assertEquals(1, rd.entries().size(), "the leader's empty entry");
        assertTrue(rd.committedEntries().isEmpty(), "nothing committed before it is durable");
        assertTrue(rd.mustSync());
        persistAndAdvance(n, s, rd);
        n.propose("a".getBytes());
        rd = n.ready();
        assertEquals(1, rd.committedEntries().size(), "the empty entry committed once durable");
        assertEquals(1, rd.entries().size());
        persistAndAdvance(n, s, rd);
        rd = n.ready();
        assertEquals("a", new String(rd.committedEntries().get(0).data()));
        assertTrue(rd.entries().isEmpty());
        assertEquals(3, rd.hardState().commit());
        assertFalse(rd.mustSync(), "a hard state that only moves the commit index needs no fsync");
        persistAndAdvance(n, s, rd);
        assertFalse(n.hasReady());
    }

    /** Three raw nodes wired by hand so the test controls every message. */
    static final class Trio {
        final MemoryStorage[] s = new MemoryStorage[4];
        final RawNode[] n = new RawNode[4];

        Trio(java.util.function.Consumer<Config.Builder> tweak) {
            ConfState cs = ConfState.ofVoters(1L, 2L, 3L);
            for (int i = 1; i <= 3; i++) {
                s[i] = MemoryStorage.bootstrap(cs);
                Config.Builder b = Config.builder(i, s[i]).seed(i);
                tweak.accept(b);
                n[i] = new RawNode(b.build());
            }
        }

        /** Runs everyone to quiescence with immediate delivery. */
        void settle() {
            for (int round = 0; round < 1000; round++) {
                List<Message> out = new ArrayList<>();
                for (int i = 1; i <= 3; i++) {
                    if (!n[i].hasReady()) continue;
                    Ready rd = n[i].ready();
                    out.addAll(rd.messages());
                    out.addAll(rd.messagesAfterPersist());
                    persistAndAdvance(n[i], s[i], rd);
                }
                if (out.isEmpty()) return;
                for (Message m : out) n[(int) m.to()].step(m);
            }
        }
    }

    @Test
    void leaderSendsBeforePersistingFollowersOnlyAfter() {
        Trio t = new Trio(b -> { });
        t.n[1].campaign();
        t.settle();
        t.n[1].propose("x".getBytes());
        Ready rd = t.n[1].ready();
        assertEquals(1, rd.entries().size());
        assertEquals(2, rd.messages().size(), "leader's MsgApp may go out before its write");
        assertTrue(rd.messages().stream().allMatch(m -> m.type() == MessageType.MsgApp));
        assertTrue(rd.messagesAfterPersist().isEmpty());
        Message toTwo = rd.messages().stream().filter(m -> m.to() == 2).findFirst().orElseThrow();
        t.n[2].step(toTwo);
        Ready frd = t.n[2].ready();
        assertEquals(1, frd.entries().size());
        assertTrue(frd.messages().isEmpty(), "a follower sends nothing before its write");
        assertEquals(MessageType.MsgAppResp, frd.messagesAfterPersist().get(0).type());
        // The follower's ack alone (leader not yet durable) is not a quorum of durable copies.
        persistAndAdvance(t.n[2], t.s[2], frd);
        t.n[1].step(frd.messagesAfterPersist().get(0));
        long commitBefore = t.n[1].status().hardState().commit();
        persistAndAdvance(t.n[1], t.s[1], rd);
        Ready next = t.n[1].ready();
        assertTrue(next.hardState().commit() > commitBefore, "committed once leader + one follower are durable");
        assertEquals("x", new String(next.committedEntries().get(next.committedEntries().size() - 1).data()));
    }

    @Test
    void votesAreSentOnlyAfterTheTermIsDurable() {
        Trio t = new Trio(b -> b.preVote(false));
        t.n[1].campaign();
        Ready rd = t.n[1].ready();
        assertNotNull(rd.hardState());
        assertEquals(1L, rd.hardState().vote());
        assertTrue(rd.messages().isEmpty());
        assertEquals(2, rd.messagesAfterPersist().stream().filter(m -> m.type() == MessageType.MsgVote).count());
    }

    @Test
    void singleVoterElectingItselfSendsNothingBeforeItsTermIsDurable() {
        // Found by the simulation (seed 20016646): a single voter with a learner elects itself
        // within one Ready; its MsgApp must not leave before the new term is durable, or after a
        // crash it could lead the same term again with different entries.
        MemoryStorage s = MemoryStorage.bootstrap(new ConfState(java.util.Set.of(1L), java.util.Set.of(2L)));
        RawNode n = new RawNode(Config.builder(1, s).build());
        n.campaign();
        Ready rd = n.ready();
        assertEquals(StateRole.LEADER, rd.softState().role());
        assertNotNull(rd.hardState());
        assertTrue(rd.messages().isEmpty(), "nothing before the term is durable: " + rd.messages());
        assertTrue(rd.messagesAfterPersist().stream().anyMatch(m -> m.type() == MessageType.MsgApp && m.to() == 2));
        persistAndAdvance(n, s, rd);
        n.tick();
        rd = n.ready();
        assertTrue(rd.messages().stream().anyMatch(m -> m.type() == MessageType.MsgHeartbeat),
                "once the term is durable, leader messages go early again: " + rd);
    }

    @Test
    void proposalsBetweenReadiesAreBatched() {
        Trio t = new Trio(b -> { });
        t.n[1].campaign();
        t.settle();
        for (int i = 0; i < 100; i++) t.n[1].propose(("p" + i).getBytes());
        Ready rd = t.n[1].ready();
        assertEquals(100, rd.entries().size(), "one write for the whole batch");
        assertEquals(2, rd.messages().size(), "one MsgApp per follower");
        assertEquals(100, rd.messages().get(0).entries().size());
    }

    @Test
    void maxSizePerMsgSplitsAndInflightWindowBounds() {
        Trio t = new Trio(b -> b.maxSizePerMsg(100).maxInflightMsgs(3));
        t.n[1].campaign();
        t.settle();
        for (int i = 0; i < 50; i++) t.n[1].propose(new byte[30]);
        Ready rd = t.n[1].ready();
        List<Message> toTwo = rd.messages().stream().filter(m -> m.to() == 2).toList();
        assertEquals(3, toTwo.size(), "stops at the inflight window");
        for (Message m : toTwo) {
            assertTrue(m.entriesSize() <= 100 || m.entries().size() == 1, "size " + m.entriesSize());
        }
        persistAndAdvance(t.n[1], t.s[1], rd);
        for (Message m : rd.messages()) t.n[(int) m.to()].step(m);
        t.settle();
        assertEquals(t.n[1].status().lastIndex(), t.n[1].status().progress().get(2L).match(), "all replicated eventually");
        assertEquals(t.n[1].status().lastIndex(), t.n[3].status().hardState().commit());
    }

    @Test
    void uncommittedCapDropsProposalsWithClearError() {
        Trio t = new Trio(b -> b.maxUncommittedEntriesSize(100));
        t.n[1].campaign();
        t.settle();
        t.n[1].propose(new byte[60]);
        ProposalDroppedException e = assertThrows(ProposalDroppedException.class, () -> t.n[1].propose(new byte[60]));
        assertTrue(e.getMessage().contains("uncommitted"), e.getMessage());
        t.settle(); // commit frees the budget
        t.n[1].propose(new byte[60]);
    }

    @Test
    void proposalWithoutLeaderIsDropped() {
        Trio t = new Trio(b -> { });
        assertThrows(ProposalDroppedException.class, () -> t.n[2].propose("x".getBytes()));
    }

    @Test
    void fastBackoffFindsMatchInFewRoundTrips() {
        // Node 3 has a long divergent suffix of an old term; the leader backs off by terms, not entries.
        Trio t = new Trio(b -> b.preVote(false).checkQuorum(false));
        t.n[3].campaign();
        t.settle();
        Ready rd0;
        // node 3 leads term 2, writes 200 entries nobody else receives
        for (int i = 0; i < 200; i++) t.n[3].propose(new byte[1]);
        rd0 = t.n[3].ready();
        persistAndAdvance(t.n[3], t.s[3], rd0);
        // node 1 takes over with node 2 (node 3 cut off) and commits entries
        t.n[1].campaign();
        int appToThree = 0;
        for (int round = 0; round < 100; round++) {
            List<Message> out = new ArrayList<>();
            for (int i = 1; i <= 2; i++) {
                if (!t.n[i].hasReady()) continue;
                Ready rd = t.n[i].ready();
                out.addAll(rd.messages());
                out.addAll(rd.messagesAfterPersist());
                persistAndAdvance(t.n[i], t.s[i], rd);
            }
            for (Message m : out) if (m.to() != 3) t.n[(int) m.to()].step(m);
        }
        assertEquals(StateRole.LEADER, t.n[1].status().softState().role());
        for (int i = 0; i < 5; i++) t.n[1].propose(new byte[1]);
        // now reconnect node 3 and count MsgApp rounds to it
        for (int round = 0; round < 100; round++) {
            List<Message> out = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                if (!t.n[i].hasReady()) continue;
                Ready rd = t.n[i].ready();
                out.addAll(rd.messages());
                out.addAll(rd.messagesAfterPersist());
                persistAndAdvance(t.n[i], t.s[i], rd);
            }
            if (out.isEmpty()) t.n[1].tick();
            for (Message m : out) {
                if (m.to() == 3 && m.type() == MessageType.MsgApp) appToThree++;
                t.n[(int) m.to()].step(m);
            }
            if (t.n[3].status().lastIndex() == t.n[1].status().lastIndex()
                    && t.n[3].status().hardState().commit() == t.n[1].status().hardState().commit()) break;
        }
        assertEquals(t.n[1].status().lastIndex(), t.n[3].status().lastIndex());
        assertTrue(appToThree <= 6, "back-off by term took " + appToThree + " MsgApp (200 divergent entries)");
    }

    @Test
    void stepRejectsLocalMessageTypes() {
        RawNode n = single();
        assertThrows(IllegalArgumentException.class, () -> n.step(Message.builder(MessageType.MsgHup).build()));
        assertThrows(IllegalArgumentException.class, () -> n.step(Message.builder(MessageType.MsgBeat).build()));
    }

    @Test
    void readIndexOnNewSingleLeaderWaitsForItsTermToCommit() {
        MemoryStorage s = MemoryStorage.bootstrap(ConfState.ofVoters(1L));
        RawNode n = new RawNode(Config.builder(1, s).build());
        n.campaign();
        n.readIndex("r".getBytes());
        Ready rd = n.ready();
        assertTrue(rd.readStates().isEmpty(), "no read before the leader's entry commits");
        persistAndAdvance(n, s, rd);
        rd = n.ready();
        assertEquals(1, rd.readStates().size());
        assertEquals(s.lastIndex(), rd.readStates().get(0).index());
        persistAndAdvance(n, s, rd);
    }

    @Test
    void sameSeedSameRun() {
        List<String> a = run(7), b = run(7), c = run(8);
        assertEquals(a, b, "deterministic for one seed");
        assertFalse(a.equals(c), "a different seed changes the schedule");
    }

    private static List<String> run(long seed) {
        TestCluster c = new TestCluster(5);
        c.seed = seed;
        c.nodes.clear();
        ConfState cs = ConfState.ofVoters(1L, 2L, 3L, 4L, 5L);
        for (long id = 1; id <= 5; id++) c.add(id, MemoryStorage.bootstrap(cs));
        c.tickAll(60);
        List<String> out = new ArrayList<>();
        for (Message m : c.delivered) out.add(m.toString());
        return out;
    }

    @Test
    void statusShowsProgressOnLeader() {
        Trio t = new Trio(b -> { });
        t.n[1].campaign();
        t.settle();
        Status st = t.n[1].status();
        assertEquals(3, st.progress().size());
        assertEquals(ProgressState.REPLICATE, st.progress().get(2L).state());
        assertNull(null);
        assertTrue(t.n[2].status().progress().isEmpty());
        assertEquals(1L, t.n[2].status().softState().leader());
    }
}

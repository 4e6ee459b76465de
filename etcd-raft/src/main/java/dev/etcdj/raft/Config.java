package dev.etcdj.raft;

import java.util.Objects;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * Immutable configuration of one {@link RawNode}; build with {@link #builder(long, Storage)}.
 *
 * @param id                        this node's id (non-zero)
 * @param storage                   the durable log (see {@link Storage})
 * @param electionTick              ticks without hearing from a leader before a follower campaigns;
 *                                  the actual timeout is random in [electionTick, 2*electionTick)
 * @param heartbeatTick             ticks between leader heartbeats; must be &lt; electionTick
 * @param applied                   last applied index when restarting (0 = start from the snapshot)
 * @param maxSizePerMsg             byte cap of the entries in one MsgApp (at least one entry is sent)
 * @param maxCommittedSizePerReady  byte cap of committedEntries in one Ready
 * @param maxUncommittedEntriesSize byte cap of proposed-but-uncommitted payload on a leader
 *                                  (0 = unlimited); proposals beyond it throw {@link ProposalDroppedException}
 * @param maxInflightMsgs           max unacknowledged MsgApp per follower in REPLICATE state
 * @param maxInflightBytes          max unacknowledged MsgApp bytes per follower (0 = unlimited)
 * @param checkQuorum               a leader steps down when it has not heard from a quorum for an
 *                                  election timeout; followers ignore votes while they have a live leader
 * @param preVote                   run a pre-election before bumping the term (Raft thesis §9.6)
 * @param readOnlyOption            SAFE (quorum heartbeat round) or LEASE_BASED (needs checkQuorum)
 * @param random                    source of election-timeout randomness (always seeded)
 */
public record Config(
        long id,
        Storage storage,
        int electionTick,
        int heartbeatTick,
        long applied,
        long maxSizePerMsg,
        long maxCommittedSizePerReady,
        long maxUncommittedEntriesSize,
        int maxInflightMsgs,
        long maxInflightBytes,
        boolean checkQuorum,
        boolean preVote,
        ReadOnlyOption readOnlyOption,
        RandomGenerator random) {

    /**
     * Validates the configuration.
     *
     * @throws IllegalArgumentException if id is 0, heartbeatTick &lt;= 0, electionTick &lt;= heartbeatTick,
     *                                  maxInflightMsgs &lt;= 0, any size is negative, maxInflightBytes is
     *                                  set but smaller than maxSizePerMsg, or LEASE_BASED reads are
     *                                  requested without checkQuorum
     * @throws NullPointerException     if storage, readOnlyOption or random is null
     */
    public Config {
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(readOnlyOption, "readOnlyOption");
        Objects.requireNonNull(random, "random");
        if (id == 0) throw new IllegalArgumentException("id must not be 0 (0 means 'none')");
        if (heartbeatTick <= 0) throw new IllegalArgumentException("heartbeatTick must be > 0, got " + heartbeatTick);
        if (electionTick <= heartbeatTick) {
            throw new IllegalArgumentException("electionTick (" + electionTick + ") must be > heartbeatTick (" + heartbeatTick + ")");
        }
        if (maxInflightMsgs <= 0) throw new IllegalArgumentException("maxInflightMsgs must be > 0, got " + maxInflightMsgs);
        if (applied < 0 || maxSizePerMsg < 0 || maxCommittedSizePerReady <= 0 || maxUncommittedEntriesSize < 0 || maxInflightBytes < 0) {
            throw new IllegalArgumentException("negative size limit in " + "applied=" + applied + " maxSizePerMsg=" + maxSizePerMsg
                    + " maxCommittedSizePerReady=" + maxCommittedSizePerReady + " maxUncommittedEntriesSize="
                    + maxUncommittedEntriesSize + " maxInflightBytes=" + maxInflightBytes);
        }
        if (maxInflightBytes > 0 && maxInflightBytes < maxSizePerMsg) {
            throw new IllegalArgumentException("maxInflightBytes (" + maxInflightBytes + ") must be >= maxSizePerMsg (" + maxSizePerMsg + ")");
        }
        if (readOnlyOption == ReadOnlyOption.LEASE_BASED && !checkQuorum) {
            throw new IllegalArgumentException("LEASE_BASED reads require checkQuorum");
        }
    }

    public static Builder builder(long id, Storage storage) {
        return new Builder(id, storage);
    }

    /** Builder with etcd-like defaults: election 10 ticks, heartbeat 1, 1 MiB messages, PreVote and CheckQuorum on. */
    public static final class Builder {
        private final long id;
        private final Storage storage;
        private int electionTick = 10;
        private int heartbeatTick = 1;
        private long applied;
        private long maxSizePerMsg = 1024 * 1024;
        private long maxCommittedSizePerReady = 64L * 1024 * 1024;
        private long maxUncommittedEntriesSize = 1L << 30;
        private int maxInflightMsgs = 256;
        private long maxInflightBytes;
        private boolean checkQuorum = true;
        private boolean preVote = true;
        private ReadOnlyOption readOnlyOption = ReadOnlyOption.SAFE;
        private RandomGenerator random;

        private Builder(long id, Storage storage) {
            this.id = id;
            this.storage = storage;
        }

        public Builder electionTick(int v) { electionTick = v; return this; }
        public Builder heartbeatTick(int v) { heartbeatTick = v; return this; }
        public Builder applied(long v) { applied = v; return this; }
        public Builder maxSizePerMsg(long v) { maxSizePerMsg = v; return this; }
        public Builder maxCommittedSizePerReady(long v) { maxCommittedSizePerReady = v; return this; }
        public Builder maxUncommittedEntriesSize(long v) { maxUncommittedEntriesSize = v; return this; }
        public Builder maxInflightMsgs(int v) { maxInflightMsgs = v; return this; }
        public Builder maxInflightBytes(long v) { maxInflightBytes = v; return this; }
        public Builder checkQuorum(boolean v) { checkQuorum = v; return this; }
        public Builder preVote(boolean v) { preVote = v; return this; }
        public Builder readOnlyOption(ReadOnlyOption v) { readOnlyOption = v; return this; }
        /** The randomness source (for example {@code new Random(seed)}). */
        public Builder random(RandomGenerator v) { random = v; return this; }
        /** Shorthand for {@code random(new Random(seed))}. */
        public Builder seed(long seed) { random = new Random(seed); return this; }

        /**
         * @throws IllegalArgumentException see {@link Config#Config}; if no random source was
         *                                  given, one seeded with the node id is used
         */
        public Config build() {
            RandomGenerator r = random != null ? random : new Random(id * 0x9E3779B97F4A7C15L);
            return new Config(id, storage, electionTick, heartbeatTick, applied, maxSizePerMsg, maxCommittedSizePerReady,
                    maxUncommittedEntriesSize, maxInflightMsgs, maxInflightBytes, checkQuorum, preVote, readOnlyOption, r);
        }
    }
}

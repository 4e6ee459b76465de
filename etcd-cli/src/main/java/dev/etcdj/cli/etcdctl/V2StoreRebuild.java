package dev.etcdj.cli.etcdctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.etcdj.api.etcdserverpb.Request;
import dev.etcdj.api.raftpb.ConfChange;
import dev.etcdj.api.raftpb.Entry;
import dev.etcdj.api.raftpb.EntryType;
import dev.etcdj.api.raftpb.Snapshot;
import dev.etcdj.server.v2store.SavedTree;
import dev.etcdj.server.v2store.SavedTree.SavedNode;
import dev.etcdj.server.v2store.V2Error;
import dev.etcdj.server.v2store.V2Store;
import dev.etcdj.storage.etcdfmt.EntryRequest;
import dev.etcdj.storage.etcdfmt.EtcdFormatException;
import dev.etcdj.storage.etcdfmt.EtcdSnapshotter;
import dev.etcdj.storage.etcdfmt.EtcdWalReader;
import dev.etcdj.storage.etcdfmt.WalContents;

import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A real etcd member's v2 store, rebuilt offline as {@code etcdctl migrate} does: its newest
 * snapshot's tree, then the WAL's membership changes and v2 requests applied on top.
 */
final class V2StoreRebuild {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MEMBER_ATTRIBUTES = Pattern.compile("^/0/members/[0-9a-fA-F]{1,16}/attributes$");
    private static final String GO_ZERO_TIME = "0001-01-01T00:00:00Z";

    /** The store and the highest raft index it reflects (the backend's consistent index). */
    record Result(V2Store store, long index) {}

    private final V2Store store = new V2Store(V2Store::unixNanos, "/0", "/1");

    private V2StoreRebuild() {}

    static Result rebuild(Path snapDir, Path walDir) throws IOException {
        V2StoreRebuild r = new V2StoreRebuild();
        Optional<Snapshot> snap = EtcdSnapshotter.load(snapDir);
        dev.etcdj.api.walpb.Snapshot.Builder walSnap = dev.etcdj.api.walpb.Snapshot.newBuilder().setIndex(0).setTerm(0);
        long index = 0;
        if (snap.isPresent()) {
            walSnap.setIndex(snap.get().getMetadata().getIndex()).setTerm(snap.get().getMetadata().getTerm());
            index = snap.get().getMetadata().getIndex();
        }
        WalContents wal = EtcdWalReader.readAll(walDir, walSnap.build());
        if (!wal.snapshotFound()) {
            throw new EtcdFormatException("wal: snapshot not found");
        }
        if (snap.isPresent()) {
            r.recover(snap.get().getData().toByteArray());
        }
        for (Entry e : wal.entries()) {
            r.apply(e);
            index = Math.max(index, e.getIndex());
        }
        return new Result(r.store, index);
    }

    /** Loads etcd's store JSON: {"Root":{Path, CreatedIndex, ModifiedIndex, ExpireTime, Value, Children}, "CurrentIndex"}. */
    private void recover(byte[] json) throws IOException {
        JsonNode root = JSON.readTree(json);
        store.recover(SavedTree.encode(node(root.path("Root")), root.path("CurrentIndex").asLong()));
    }

    private static SavedNode node(JsonNode n) {
        List<SavedNode> children = null;
        JsonNode c = n.path("Children");
        if (c.isObject()) {
            children = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
                children.add(node(it.next().getValue()));
            }
        }
        String expire = n.path("ExpireTime").asText(GO_ZERO_TIME);
        long expireNanos = 0;
        if (!expire.equals(GO_ZERO_TIME)) {
            var t = OffsetDateTime.parse(expire).toInstant();
            expireNanos = t.getEpochSecond() * 1_000_000_000L + t.getNano();
        }
        return new SavedNode(n.path("Path").asText(), n.path("CreatedIndex").asLong(), n.path("ModifiedIndex").asLong(),
                expireNanos, n.path("Value").asText(""), children);
    }

    private void apply(Entry e) throws IOException {
        if (e.getType() == EntryType.EntryConfChange) {
            applyConfChange(ConfChange.parseFrom(e.getData()));
            return;
        }
        Request v2 = EntryRequest.decode(e.getData().toByteArray()).v2();
        if (v2 == null) {
            return;
        }
        try {
            applyRequest(v2);
        } catch (V2Error ignored) {
            // a refused request changes nothing, as when etcd applied it
        }
    }

    private void applyRequest(Request r) {
        long expiration = r.getExpiration();
        boolean refresh = r.hasRefresh() && r.getRefresh();
        boolean compare = r.getPrevIndex() > 0 || !r.getPrevValue().isEmpty();
        switch (r.getMethod()) {
            case "POST" -> store.create(r.getPath(), r.getDir(), r.getVal(), true, expiration);
            case "PUT" -> {
                if (r.hasPrevExist()) {
                    if (!r.getPrevExist()) {
                        store.create(r.getPath(), r.getDir(), r.getVal(), false, expiration);
                    } else if (compare) {
                        store.compareAndSwap(r.getPath(), r.getPrevValue(), r.getPrevIndex(), r.getVal(), expiration, refresh);
                    } else {
                        store.update(r.getPath(), r.getVal(), expiration, refresh);
                    }
                } else if (compare) {
                    store.compareAndSwap(r.getPath(), r.getPrevValue(), r.getPrevIndex(), r.getVal(), expiration, refresh);
                } else if (MEMBER_ATTRIBUTES.matcher(r.getPath()).find()) {
                    // the cluster records a known member's attributes, forever
                    if (exists(r.getPath().substring(0, r.getPath().lastIndexOf('/')))) {
                        store.set(r.getPath(), false, r.getVal(), 0, false);
                    }
                } else if (r.getPath().equals("/0/version")) {
                    store.set(r.getPath(), false, r.getVal(), 0, false);
                } else {
                    store.set(r.getPath(), r.getDir(), r.getVal(), expiration, refresh);
                }
            }
            case "DELETE" -> {
                if (compare) {
                    store.compareAndDelete(r.getPath(), r.getPrevValue(), r.getPrevIndex());
                } else {
                    store.delete(r.getPath(), r.getDir(), r.getRecursive());
                }
            }
            case "QGET" -> store.get(r.getPath(), r.getRecursive(), r.getSorted());
            case "SYNC" -> store.deleteExpiredKeys(r.getTime());
            default -> throw new IllegalStateException("unknown command");
        }
    }

    /** Membership in the store: /0/members/ID/raftAttributes, /0/removed_members/ID; invalid changes are skipped. */
    private void applyConfChange(ConfChange cc) throws IOException {
        String id = Long.toHexString(cc.getNodeId());
        String member = "/0/members/" + id;
        boolean known = exists(member);
        boolean removed = exists("/0/removed_members/" + id);
        switch (cc.getType()) {
            case ConfChangeAddNode -> {
                if (!known && !removed) {
                    store.create(member + "/raftAttributes", false, raftAttributes(cc), false, 0);
                }
            }
            case ConfChangeRemoveNode -> {
                if (known) {
                    store.delete(member, true, true);
                    store.create("/0/removed_members/" + id, false, "", false, 0);
                }
            }
            case ConfChangeUpdateNode -> {
                if (known) {
                    store.update(member + "/raftAttributes", raftAttributes(cc), 0, false);
                }
            }
            default -> { }
        }
    }

    /** The member's raft attributes as etcd stores them: {"peerURLs":[...]} (and "isLearner":true). */
    private static String raftAttributes(ConfChange cc) throws IOException {
        JsonNode m = JSON.readTree(cc.getContext().toByteArray());
        ObjectNode a = JSON.createObjectNode();
        a.set("peerURLs", m.path("peerURLs"));
        if (m.path("isLearner").asBoolean(false)) {
            a.put("isLearner", true);
        }
        return JSON.writeValueAsString(a);
    }

    private boolean exists(String path) {
        try {
            store.get(path, false, false);
            return true;
        } catch (V2Error e) {
            return false;
        }
    }
}

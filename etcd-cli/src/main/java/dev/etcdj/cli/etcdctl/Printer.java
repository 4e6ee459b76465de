package dev.etcdj.cli.etcdctl;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import dev.etcdj.api.AlarmMember;
import dev.etcdj.api.AlarmResponse;
import dev.etcdj.api.DeleteRangeResponse;
import dev.etcdj.api.Event;
import dev.etcdj.api.HashKVResponse;
import dev.etcdj.api.KeyValue;
import dev.etcdj.api.LeaseGrantResponse;
import dev.etcdj.api.LeaseKeepAliveResponse;
import dev.etcdj.api.LeaseLeasesResponse;
import dev.etcdj.api.LeaseRevokeResponse;
import dev.etcdj.api.LeaseStatus;
import dev.etcdj.api.LeaseTimeToLiveResponse;
import dev.etcdj.api.Member;
import dev.etcdj.api.MemberAddResponse;
import dev.etcdj.api.MemberListResponse;
import dev.etcdj.api.MoveLeaderResponse;
import dev.etcdj.api.PutResponse;
import dev.etcdj.api.RangeResponse;
import dev.etcdj.api.ResponseHeader;
import dev.etcdj.api.ResponseOp;
import dev.etcdj.api.StatusResponse;
import dev.etcdj.api.TxnResponse;
import dev.etcdj.api.WatchResponse;

import java.util.ArrayList;
import java.util.List;

/** The output formats of etcdctl 3.4: simple, json, fields, protobuf, table. */
final class Printer {
    final String format;
    final boolean hex;
    boolean valueOnly;
    final Out out;
    final Out err;

    Printer(String format, boolean hex, Out out, Out err) {
        this.format = format;
        this.hex = hex;
        this.out = out;
        this.err = err;
    }

    static boolean validFormat(String f) {
        return switch (f) {
            case "simple", "json", "fields", "protobuf", "table" -> true;
            default -> false;
        };
    }

    boolean simple() {
        return format.equals("simple");
    }

    EtcdctlException unsupported() {
        return new EtcdctlException(Exit.BAD_FEATURE, format + " not supported as output format");
    }

    /** Formats where an RPC response is printed as itself (json/protobuf); else null. */
    boolean rpc(Message m) {
        switch (format) {
            case "json" -> {
                out.println(GoJson.of(m));
                return true;
            }
            case "protobuf" -> {
                out.write(m.toByteArray());
                return true;
            }
            case "table" -> throw unsupported();
            default -> {
                return false;
            }
        }
    }

    // ---------------------------------------------------------------- simple helpers

    void kv(KeyValue kv) {
        byte[] k = kv.getKey().toByteArray();
        byte[] v = kv.getValue().toByteArray();
        if (hex) {
            if (!valueOnly) {
                out.println(GoFmt.hexEscaped(k));
            }
            out.println(GoFmt.hexEscaped(v));
        } else {
            if (!valueOnly) {
                out.writeln(k);
            }
            out.writeln(v);
        }
    }

    private void fieldsKv(String pfx, KeyValue kv) {
        out.println("\"" + pfx + "Key\" : " + GoFmt.quote(kv.getKey().toByteArray()));
        out.println("\"" + pfx + "CreateRevision\" : " + kv.getCreateRevision());
        out.println("\"" + pfx + "ModRevision\" : " + kv.getModRevision());
        out.println("\"" + pfx + "Version\" : " + kv.getVersion());
        out.println("\"" + pfx + "Value\" : " + GoFmt.quote(kv.getValue().toByteArray()));
        out.println("\"" + pfx + "Lease\" : " + kv.getLease());
    }

    void fieldsHdr(ResponseHeader h) {
        out.println("\"ClusterID\" : " + GoFmt.u64(h.getClusterId()));
        out.println("\"MemberID\" : " + GoFmt.u64(h.getMemberId()));
        out.println("\"Revision\" : " + h.getRevision());
        out.println("\"RaftTerm\" : " + GoFmt.u64(h.getRaftTerm()));
    }

    /** Header fields embedded in a Go struct (clientv3's lease responses); empty when there is no header. */
    private static StringBuilder embeddedHeader(boolean has, ResponseHeader h) {
        StringBuilder sb = new StringBuilder("{");
        if (has) {
            GoJson.writeFields(sb, h, false);
        }
        return sb;
    }

    private static void comma(StringBuilder sb) {
        if (sb.length() > 1) {
            sb.append(',');
        }
    }

    // ---------------------------------------------------------------- KV

    void put(PutResponse r) {
        if (rpc(r)) {
            return;
        }
        if (format.equals("fields")) {
            fieldsHdr(r.getHeader());
            if (r.hasPrevKv()) {
                fieldsKv("Prev", r.getPrevKv());
            }
            return;
        }
        out.println("OK");
        if (r.hasPrevKv()) {
            kv(r.getPrevKv());
        }
    }

    void get(RangeResponse r) {
        if (rpc(r)) {
            return;
        }
        if (format.equals("fields")) {
            fieldsHdr(r.getHeader());
            for (KeyValue kv : r.getKvsList()) {
                fieldsKv("", kv);
            }
            out.println("\"More\" : " + r.getMore());
            out.println("\"Count\" : " + r.getCount());
            return;
        }
        for (KeyValue kv : r.getKvsList()) {
            kv(kv);
        }
    }

    void del(DeleteRangeResponse r) {
        if (rpc(r)) {
            return;
        }
        if (format.equals("fields")) {
            fieldsHdr(r.getHeader());
            out.println("\"Deleted\" : " + r.getDeleted());
            for (KeyValue kv : r.getPrevKvsList()) {
                fieldsKv("Prev", kv);
            }
            return;
        }
        out.println(Long.toString(r.getDeleted()));
        for (KeyValue kv : r.getPrevKvsList()) {
            kv(kv);
        }
    }

    void txn(TxnResponse r) {
        if (rpc(r)) {
            return;
        }
        if (format.equals("fields")) {
            fieldsHdr(r.getHeader());
            out.println("\"Succeeded\" : " + r.getSucceeded());
            for (ResponseOp op : r.getResponsesList()) {
                switch (op.getResponseCase()) {
                    case RESPONSE_DELETE_RANGE -> del(op.getResponseDeleteRange());
                    case RESPONSE_PUT -> put(op.getResponsePut());
                    case RESPONSE_RANGE -> get(op.getResponseRange());
                    default -> out.println("\"Unknown\" : " + GoFmt.quote(op.toString()));
                }
            }
            return;
        }
        out.println(r.getSucceeded() ? "SUCCESS" : "FAILURE");
        for (ResponseOp op : r.getResponsesList()) {
            out.println("");
            switch (op.getResponseCase()) {
                case RESPONSE_DELETE_RANGE -> del(op.getResponseDeleteRange());
                case RESPONSE_PUT -> put(op.getResponsePut());
                case RESPONSE_RANGE -> get(op.getResponseRange());
                default -> out.println("unexpected response " + op);
            }
        }
    }

    void watch(WatchResponse r) {
        switch (format) {
            case "json" -> {
                StringBuilder sb = new StringBuilder("{\"Header\":");
                GoJson.write(sb, r.getHeader());
                sb.append(",\"Events\":");
                sb.append('[');
                for (int i = 0; i < r.getEventsCount(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    GoJson.write(sb, r.getEvents(i));
                }
                sb.append(']');
                sb.append(",\"CompactRevision\":").append(r.getCompactRevision())
                        .append(",\"Canceled\":").append(r.getCanceled())
                        .append(",\"Created\":").append(r.getCreated()).append('}');
                out.println(sb.toString());
            }
            case "protobuf" -> {
                WatchResponse w = WatchResponse.newBuilder().setHeader(r.getHeader()).addAllEvents(r.getEventsList())
                        .setCompactRevision(r.getCompactRevision()).setCanceled(r.getCanceled())
                        .setCreated(r.getCreated()).build();
                out.write(w.toByteArray());
            }
            case "table" -> throw unsupported();
            case "fields" -> {
                fieldsHdr(r.getHeader());
                for (Event e : r.getEventsList()) {
                    out.println("\"Type\" : " + e.getType().name());
                    if (e.hasPrevKv()) {
                        fieldsKv("Prev", e.getPrevKv());
                    }
                    fieldsKv("", e.getKv());
                }
            }
            default -> {
                for (Event e : r.getEventsList()) {
                    out.println(e.getType().name());
                    if (e.hasPrevKv()) {
                        kv(e.getPrevKv());
                    }
                    kv(e.getKv());
                }
            }
        }
    }

    // ---------------------------------------------------------------- lease

    void grant(LeaseGrantResponse r) {
        switch (format) {
            case "json" -> {
                StringBuilder sb = embeddedHeader(r.hasHeader(), r.getHeader());
                comma(sb);
                sb.append("\"ID\":").append(r.getID()).append(",\"TTL\":").append(r.getTTL()).append(",\"Error\":");
                GoFmt.jsonString(sb, r.getError());
                out.println(sb.append('}').toString());
            }
            case "protobuf" -> out.write(r.getHeader().toByteArray());
            case "table" -> throw unsupported();
            case "fields" -> {
                fieldsHdr(r.getHeader());
                out.println("\"ID\" : " + r.getID());
                out.println("\"TTL\" : " + r.getTTL());
            }
            default -> out.println("lease " + GoFmt.hex16(r.getID()) + " granted with TTL(" + r.getTTL() + "s)");
        }
    }

    void revoke(long id, LeaseRevokeResponse r) {
        if (rpc(r)) {
            return;
        }
        if (format.equals("fields")) {
            fieldsHdr(r.getHeader());
            return;
        }
        out.println("lease " + GoFmt.hex16(id) + " revoked");
    }

    void keepAlive(LeaseKeepAliveResponse r) {
        switch (format) {
            case "json" -> {
                StringBuilder sb = embeddedHeader(r.hasHeader(), r.getHeader());
                comma(sb);
                sb.append("\"ID\":").append(r.getID()).append(",\"TTL\":").append(r.getTTL());
                out.println(sb.append('}').toString());
            }
            case "protobuf" -> out.write(r.getHeader().toByteArray());
            case "table" -> throw unsupported();
            case "fields" -> {
                fieldsHdr(r.getHeader());
                out.println("\"ID\" : " + r.getID());
                out.println("\"TTL\" : " + r.getTTL());
            }
            default -> out.println("lease " + GoFmt.hex16(r.getID()) + " keepalived with TTL(" + r.getTTL() + ")");
        }
    }

    void timeToLive(LeaseTimeToLiveResponse r, boolean keys) {
        switch (format) {
            case "json" -> {
                StringBuilder sb = embeddedHeader(r.hasHeader(), r.getHeader());
                comma(sb);
                sb.append("\"id\":").append(r.getID()).append(",\"ttl\":").append(r.getTTL())
                        .append(",\"granted-ttl\":").append(r.getGrantedTTL()).append(",\"keys\":");
                if (r.getKeysCount() == 0) {
                    sb.append("null");
                } else {
                    sb.append('[');
                    for (int i = 0; i < r.getKeysCount(); i++) {
                        if (i > 0) {
                            sb.append(',');
                        }
                        sb.append('"').append(GoJson.b64(r.getKeys(i))).append('"');
                    }
                    sb.append(']');
                }
                out.println(sb.append('}').toString());
            }
            case "protobuf" -> out.write(r.getHeader().toByteArray());
            case "table" -> throw unsupported();
            case "fields" -> {
                fieldsHdr(r.getHeader());
                out.println("\"ID\" : " + r.getID());
                out.println("\"TTL\" : " + r.getTTL());
                out.println("\"GrantedTTL\" : " + r.getGrantedTTL());
                for (ByteString k : r.getKeysList()) {
                    out.println("\"Key\" : " + GoFmt.quote(k.toByteArray()));
                }
            }
            default -> {
                if (r.getGrantedTTL() == 0 && r.getTTL() == -1) {
                    out.println("lease " + GoFmt.hex16(r.getID()) + " already expired");
                    return;
                }
                StringBuilder sb = new StringBuilder();
                sb.append("lease ").append(GoFmt.hex16(r.getID())).append(" granted with TTL(").append(r.getGrantedTTL())
                        .append("s), remaining(").append(r.getTTL()).append("s)");
                if (keys) {
                    sb.append(", attached keys([");
                    for (int i = 0; i < r.getKeysCount(); i++) {
                        if (i > 0) {
                            sb.append(' ');
                        }
                        sb.append(r.getKeys(i).toStringUtf8());
                    }
                    sb.append("])");
                }
                out.println(sb.toString());
            }
        }
    }

    void leases(LeaseLeasesResponse r) {
        switch (format) {
            case "json" -> {
                StringBuilder sb = embeddedHeader(r.hasHeader(), r.getHeader());
                comma(sb);
                sb.append("\"leases\":[");
                for (int i = 0; i < r.getLeasesCount(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    sb.append("{\"id\":").append(r.getLeases(i).getID()).append('}');
                }
                out.println(sb.append("]}").toString());
            }
            case "protobuf" -> out.write(r.getHeader().toByteArray());
            case "table" -> throw unsupported();
            case "fields" -> {
                fieldsHdr(r.getHeader());
                for (LeaseStatus s : r.getLeasesList()) {
                    out.println("\"ID\" : " + s.getID());
                }
            }
            default -> {
                out.println("found " + r.getLeasesCount() + " leases");
                for (LeaseStatus s : r.getLeasesList()) {
                    out.println(GoFmt.hex16(s.getID()));
                }
            }
        }
    }

    // ---------------------------------------------------------------- cluster

    void memberAdd(MemberAddResponse r) {
        if (rpc(r)) {
            return;
        }
        if (format.equals("fields")) {
            throw unsupported();
        }
        out.println("Member " + GoFmt.hexU16(r.getMember().getID()) + " added to cluster "
                + GoFmt.hexU16(r.getHeader().getClusterId()));
    }

    /** remove, update and promote: verb is "removed from", "updated in", "promoted in". */
    void memberChange(String verb, long id, Message r, ResponseHeader h) {
        if (format.equals("json") && verb.startsWith("promoted")) {
            throw unsupported();
        }
        if (rpc(r)) {
            return;
        }
        if (format.equals("fields")) {
            throw unsupported();
        }
        out.println("Member " + GoFmt.hexU16(id) + " " + verb + " cluster " + GoFmt.hexU16(h.getClusterId()));
    }

    private static List<String[]> memberRows(MemberListResponse r) {
        List<String[]> rows = new ArrayList<>();
        for (Member m : r.getMembersList()) {
            rows.add(new String[] {
                GoFmt.hexU(m.getID()),
                m.getName().isEmpty() ? "unstarted" : "started",
                m.getName(),
                String.join(",", m.getPeerURLsList()),
                String.join(",", m.getClientURLsList()),
                Boolean.toString(m.getIsLearner()),
            });
        }
        return rows;
    }

    void memberList(MemberListResponse r) {
        switch (format) {
            case "json" -> out.println(GoJson.of(r));
            case "protobuf" -> out.write(r.toByteArray());
            case "table" -> out.print(Table.render(
                    new String[] {"ID", "Status", "Name", "Peer Addrs", "Client Addrs", "Is Learner"}, memberRows(r)));
            case "fields" -> {
                fieldsHdr(r.getHeader());
                for (Member m : r.getMembersList()) {
                    out.println("\"ID\" : " + GoFmt.u64(m.getID()));
                    out.println("\"Name\" : " + GoFmt.quote(m.getName()));
                    for (String u : m.getPeerURLsList()) {
                        out.println("\"PeerURL\" : " + GoFmt.quote(u));
                    }
                    for (String u : m.getClientURLsList()) {
                        out.println("\"ClientURL\" : " + GoFmt.quote(u));
                    }
                    out.println("\"IsLearner\" : " + m.getIsLearner());
                    out.println();
                }
            }
            default -> {
                for (String[] row : memberRows(r)) {
                    out.println(String.join(", ", row));
                }
            }
        }
    }

    // ---------------------------------------------------------------- endpoint

    record Health(String ep, boolean health, String took, String error) {}

    record EpStatus(String ep, StatusResponse resp) {}

    record EpHash(String ep, HashKVResponse resp) {}

    void endpointHealth(List<Health> hs) {
        switch (format) {
            case "json" -> {
                StringBuilder sb = new StringBuilder("[");
                for (int i = 0; i < hs.size(); i++) {
                    Health h = hs.get(i);
                    if (i > 0) {
                        sb.append(',');
                    }
                    sb.append("{\"endpoint\":");
                    GoFmt.jsonString(sb, h.ep());
                    sb.append(",\"health\":").append(h.health()).append(",\"took\":");
                    GoFmt.jsonString(sb, h.took());
                    if (!h.error().isEmpty()) {
                        sb.append(",\"error\":");
                        GoFmt.jsonString(sb, h.error());
                    }
                    sb.append('}');
                }
                out.println(sb.append(']').toString());
            }
            case "protobuf" -> throw unsupported();
            case "table" -> {
                List<String[]> rows = new ArrayList<>();
                for (Health h : hs) {
                    rows.add(new String[] {h.ep(), Boolean.toString(h.health()), h.took(), h.error()});
                }
                out.print(Table.render(new String[] {"endpoint", "health", "took", "error"}, rows));
            }
            case "fields" -> {
                for (Health h : hs) {
                    out.println("\"Endpoint\" : " + GoFmt.quote(h.ep()));
                    out.println("\"Health\" : " + h.health());
                    out.println("\"Took\" : " + h.took());
                    out.println("\"Error\" : " + h.error());
                    out.println();
                }
            }
            default -> {
                for (Health h : hs) {
                    if (h.error().isEmpty()) {
                        err.println(h.ep() + " is healthy: successfully committed proposal: took = " + h.took());
                    } else {
                        err.println(h.ep() + " is unhealthy: failed to commit proposal: " + h.error());
                    }
                }
            }
        }
    }

    private static List<String[]> statusRows(List<EpStatus> list) {
        List<String[]> rows = new ArrayList<>();
        for (EpStatus s : list) {
            StatusResponse r = s.resp();
            rows.add(new String[] {
                s.ep(),
                GoFmt.hexU(r.getHeader().getMemberId()),
                r.getVersion(),
                GoFmt.humanBytes(r.getDbSize()),
                Boolean.toString(r.getLeader() == r.getHeader().getMemberId()),
                Boolean.toString(r.getIsLearner()),
                GoFmt.u64(r.getRaftTerm()),
                GoFmt.u64(r.getRaftIndex()),
                GoFmt.u64(r.getRaftAppliedIndex()),
                String.join(", ", r.getErrorsList()),
            });
        }
        return rows;
    }

    /** {@code snapshot status}: etcdctl 3.4's DBStatus. */
    void dbStatus(dev.etcdj.server.snapshot.SnapshotFileStatus st) {
        String text = DbStatusFormat.render(format, st);
        if (text == null) {
            throw unsupported();
        }
        out.print(text);
    }

    void endpointStatus(List<EpStatus> list) {
        switch (format) {
            case "json" -> {
                StringBuilder sb = new StringBuilder("[");
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    sb.append("{\"Endpoint\":");
                    GoFmt.jsonString(sb, list.get(i).ep());
                    sb.append(",\"Status\":");
                    GoJson.write(sb, list.get(i).resp());
                    sb.append('}');
                }
                out.println(sb.append(']').toString());
            }
            case "protobuf" -> throw unsupported();
            case "table" -> out.print(Table.render(new String[] {"endpoint", "ID", "version", "db size", "is leader",
                "is learner", "raft term", "raft index", "raft applied index", "errors"}, statusRows(list)));
            case "fields" -> {
                for (EpStatus s : list) {
                    StatusResponse r = s.resp();
                    fieldsHdr(r.getHeader());
                    out.println("\"Version\" : " + GoFmt.quote(r.getVersion()));
                    out.println("\"DBSize\" : " + r.getDbSize());
                    out.println("\"Leader\" : " + GoFmt.u64(r.getLeader()));
                    out.println("\"IsLearner\" : " + r.getIsLearner());
                    out.println("\"RaftIndex\" : " + GoFmt.u64(r.getRaftIndex()));
                    out.println("\"RaftTerm\" : " + GoFmt.u64(r.getRaftTerm()));
                    out.println("\"RaftAppliedIndex\" : " + GoFmt.u64(r.getRaftAppliedIndex()));
                    out.println("\"Errors\" : [" + String.join(" ", r.getErrorsList()) + "]");
                    out.println("\"Endpoint\" : " + GoFmt.quote(s.ep()));
                    out.println();
                }
            }
            default -> {
                for (String[] row : statusRows(list)) {
                    out.println(String.join(", ", row));
                }
            }
        }
    }

    void endpointHashKV(List<EpHash> list) {
        switch (format) {
            case "json" -> {
                StringBuilder sb = new StringBuilder("[");
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    sb.append("{\"Endpoint\":");
                    GoFmt.jsonString(sb, list.get(i).ep());
                    sb.append(",\"HashKV\":");
                    GoJson.write(sb, list.get(i).resp());
                    sb.append('}');
                }
                out.println(sb.append(']').toString());
            }
            case "protobuf" -> throw unsupported();
            case "table" -> {
                List<String[]> rows = new ArrayList<>();
                for (EpHash h : list) {
                    rows.add(new String[] {h.ep(), Integer.toUnsignedString(h.resp().getHash())});
                }
                out.print(Table.render(new String[] {"endpoint", "hash"}, rows));
            }
            case "fields" -> {
                for (EpHash h : list) {
                    fieldsHdr(h.resp().getHeader());
                    out.println("\"Endpoint\" : " + GoFmt.quote(h.ep()));
                    out.println("\"Hash\" : " + Integer.toUnsignedString(h.resp().getHash()));
                    out.println();
                }
            }
            default -> {
                for (EpHash h : list) {
                    out.println(h.ep() + ", " + Integer.toUnsignedString(h.resp().getHash()));
                }
            }
        }
    }

    void moveLeader(long leader, long target, MoveLeaderResponse r) {
        if (format.equals("fields")) {
            throw unsupported();
        }
        if (rpc(r)) {
            return;
        }
        out.println("Leadership transferred from " + GoFmt.hexU(leader) + " to " + GoFmt.hexU(target));
    }

    void alarm(AlarmResponse r) {
        if (rpc(r)) {
            return;
        }
        if (format.equals("fields")) {
            if (!r.hasHeader()) {
                // etcdctl 3.4 dereferences the missing header and crashes
                err.println("panic: runtime error: invalid memory address or nil pointer dereference");
                throw EtcdctlException.silent(2);
            }
            fieldsHdr(r.getHeader());
            for (AlarmMember a : r.getAlarmsList()) {
                out.println("\"MemberID\" : " + GoFmt.u64(a.getMemberID()));
                out.println("\"AlarmType\" : " + a.getAlarm().name());
                out.println();
            }
            return;
        }
        for (AlarmMember a : r.getAlarmsList()) {
            // Go prints the gogo struct with %+v, i.e. its compact text form
            StringBuilder sb = new StringBuilder();
            if (a.getMemberID() != 0) {
                sb.append("memberID:").append(GoFmt.u64(a.getMemberID())).append(' ');
            }
            if (a.getAlarmValue() != 0) {
                sb.append("alarm:").append(a.getAlarm().name()).append(' ');
            }
            out.println(sb.toString());
        }
    }
}

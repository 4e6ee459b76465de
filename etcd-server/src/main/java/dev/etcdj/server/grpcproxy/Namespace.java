package dev.etcdj.server.grpcproxy;

import com.google.protobuf.ByteString;
import dev.etcdj.api.Compare;
import dev.etcdj.api.DeleteRangeRequest;
import dev.etcdj.api.DeleteRangeResponse;
import dev.etcdj.api.Event;
import dev.etcdj.api.KeyValue;
import dev.etcdj.api.PutRequest;
import dev.etcdj.api.PutResponse;
import dev.etcdj.api.RangeRequest;
import dev.etcdj.api.RangeResponse;
import dev.etcdj.api.RequestOp;
import dev.etcdj.api.ResponseOp;
import dev.etcdj.api.TxnRequest;
import dev.etcdj.api.TxnResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --namespace}: every key the clients name lives under the prefix in the cluster, and
 * answers come back without it, as etcd's clientv3/namespace does (the "\0" range end, meaning
 * "to the end of the keyspace", becomes the end of the prefix's keyspace). The empty namespace
 * changes nothing.
 */
final class Namespace {
  private final ByteString prefix;

  Namespace(String prefix) {
    this.prefix = ByteString.copyFromUtf8(prefix);
  }

  boolean isEmpty() {
    return prefix.isEmpty();
  }

  ByteString key(ByteString key) {
    return prefix.isEmpty() ? key : prefix.concat(key);
  }

  ByteString end(ByteString end) {
    if (prefix.isEmpty() || end.isEmpty()) {
      return end;
    }
    if (end.size() == 1 && end.byteAt(0) == 0) {
      byte[] p = prefix.toByteArray();
      for (int i = p.length - 1; i >= 0; i--) {
        if (++p[i] != 0) {
          return ByteString.copyFrom(p);
        }
      }
      return end;
    }
    return prefix.concat(end);
  }

  /** The client's view of a key stored in the cluster, or null if it is outside the namespace. */
  ByteString strip(ByteString key) {
    if (prefix.isEmpty()) {
      return key;
    }
    return key.startsWith(prefix) ? key.substring(prefix.size()) : null;
  }

  RangeRequest in(RangeRequest r) {
    return isEmpty() ? r : r.toBuilder().setKey(key(r.getKey())).setRangeEnd(end(r.getRangeEnd())).build();
  }

  PutRequest in(PutRequest r) {
    return isEmpty() ? r : r.toBuilder().setKey(key(r.getKey())).build();
  }

  DeleteRangeRequest in(DeleteRangeRequest r) {
    return isEmpty() ? r : r.toBuilder().setKey(key(r.getKey())).setRangeEnd(end(r.getRangeEnd())).build();
  }

  TxnRequest in(TxnRequest r) {
    if (isEmpty()) {
      return r;
    }
    TxnRequest.Builder b = r.toBuilder().clearCompare().clearSuccess().clearFailure();
    for (Compare c : r.getCompareList()) {
      b.addCompare(c.toBuilder().setKey(key(c.getKey())).setRangeEnd(end(c.getRangeEnd())));
    }
    r.getSuccessList().forEach(op -> b.addSuccess(in(op)));
    r.getFailureList().forEach(op -> b.addFailure(in(op)));
    return b.build();
  }

  private RequestOp in(RequestOp op) {
    return switch (op.getRequestCase()) {
      case REQUEST_RANGE -> RequestOp.newBuilder().setRequestRange(in(op.getRequestRange())).build();
      case REQUEST_PUT -> RequestOp.newBuilder().setRequestPut(in(op.getRequestPut())).build();
      case REQUEST_DELETE_RANGE -> RequestOp.newBuilder().setRequestDeleteRange(in(op.getRequestDeleteRange())).build();
      case REQUEST_TXN -> RequestOp.newBuilder().setRequestTxn(in(op.getRequestTxn())).build();
      default -> op;
    };
  }

  RangeResponse out(RangeResponse r) {
    return isEmpty() ? r : r.toBuilder().clearKvs().addAllKvs(out(r.getKvsList())).build();
  }

  PutResponse out(PutResponse r) {
    return isEmpty() || !r.hasPrevKv() ? r : r.toBuilder().setPrevKv(out(r.getPrevKv())).build();
  }

  DeleteRangeResponse out(DeleteRangeResponse r) {
    return isEmpty() ? r : r.toBuilder().clearPrevKvs().addAllPrevKvs(out(r.getPrevKvsList())).build();
  }

  TxnResponse out(TxnResponse r) {
    if (isEmpty()) {
      return r;
    }
    TxnResponse.Builder b = r.toBuilder().clearResponses();
    for (ResponseOp op : r.getResponsesList()) {
      b.addResponses(switch (op.getResponseCase()) {
        case RESPONSE_RANGE -> ResponseOp.newBuilder().setResponseRange(out(op.getResponseRange())).build();
        case RESPONSE_PUT -> ResponseOp.newBuilder().setResponsePut(out(op.getResponsePut())).build();
        case RESPONSE_DELETE_RANGE -> ResponseOp.newBuilder()
            .setResponseDeleteRange(out(op.getResponseDeleteRange())).build();
        case RESPONSE_TXN -> ResponseOp.newBuilder().setResponseTxn(out(op.getResponseTxn())).build();
        default -> op;
      });
    }
    return b.build();
  }

  Event out(Event e) {
    if (isEmpty()) {
      return e;
    }
    Event.Builder b = e.toBuilder().setKv(out(e.getKv()));
    if (e.hasPrevKv()) {
      b.setPrevKv(out(e.getPrevKv()));
    }
    return b.build();
  }

  /** Keys attached to a lease, as the client names them (keys outside the namespace are left out). */
  List<ByteString> outKeys(List<ByteString> keys) {
    if (isEmpty()) {
      return keys;
    }
    List<ByteString> out = new ArrayList<>();
    for (ByteString k : keys) {
      ByteString s = strip(k);
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  private List<KeyValue> out(List<KeyValue> kvs) {
    List<KeyValue> out = new ArrayList<>(kvs.size());
    kvs.forEach(kv -> out.add(out(kv)));
    return out;
  }

  private KeyValue out(KeyValue kv) {
    ByteString k = strip(kv.getKey());
    return k == null ? kv : kv.toBuilder().setKey(k).build();
  }
}

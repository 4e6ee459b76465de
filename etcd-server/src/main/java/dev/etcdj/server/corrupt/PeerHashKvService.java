package dev.etcdj.server.corrupt;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.common.HttpRequest;
import dev.etcdj.api.HashKVRequest;
import dev.etcdj.api.HashKVResponse;
import dev.etcdj.api.ResponseHeader;
import dev.etcdj.discovery.ClusterIds;
import dev.etcdj.storage.mvcc.CompactedException;
import dev.etcdj.storage.mvcc.FutureRevisionException;
import dev.etcdj.storage.mvcc.HashKvResult;
import dev.etcdj.storage.mvcc.MvccStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd's peer endpoint {@code GET /members/hashkv}: the body is a JSON HashKVRequest, the answer
 * the store's hash at that revision as a JSON HashKVResponse whose header carries only the
 * store's current revision (as etcd's HashByRev), with {@code X-Etcd-Cluster-ID}. A compacted or future revision is a 400 with the
 * store's error text, other methods a 405, as etcd's hashKVHandler.
 */
public final class PeerHashKvService implements HttpService {
  /** etcd's PeerHashKVPath. */
  public static final String PATH = "/members/hashkv";
  static final String COMPACTED = "mvcc: required revision has been compacted";
  static final String FUTURE_REV = "mvcc: required revision is a future revision";
  private static final Logger LOG = LoggerFactory.getLogger("etcdserver");

  private final MvccStore store;
  private final String clusterId;

  public PeerHashKvService(MvccStore store, long clusterId) {
    this.store = store;
    this.clusterId = ClusterIds.toHex(clusterId);
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    if (req.method() != HttpMethod.GET) {
      return HttpResponse.of(ResponseHeaders.builder(HttpStatus.METHOD_NOT_ALLOWED)
          .contentType(MediaType.PLAIN_TEXT_UTF_8)
          .set(HttpHeaderNames.ALLOW, "GET")
          .set("X-Content-Type-Options", "nosniff")
          .build(), HttpData.ofUtf8("Method Not Allowed\n"));
    }
    return HttpResponse.of(req.aggregate().thenApplyAsync(this::answer, ctx.blockingTaskExecutor()));
  }

  private HttpResponse answer(AggregatedHttpRequest req) {
    HashKVRequest request;
    try {
      request = HashKvJson.decodeRequest(req.contentUtf8());
    } catch (IllegalArgumentException e) {
      LOG.warn("failed to unmarshal request: {}", e.getMessage());
      return error("error unmarshalling request");
    }
    HashKvResult r;
    long current = store.currentRevision();
    try {
      r = store.hashKv(request.getRevision());
    } catch (CompactedException e) {
      return error(COMPACTED);
    } catch (FutureRevisionException e) {
      return error(FUTURE_REV);
    }
    HashKVResponse resp = HashKVResponse.newBuilder()
        .setHeader(ResponseHeader.newBuilder().setRevision(Math.max(current, r.revision())))
        .setHash((int) r.hash())
        .setCompactRevision(r.compactRevision())
        .build();
    return HttpResponse.of(ResponseHeaders.builder(HttpStatus.OK)
        .contentType(MediaType.JSON)
        .set("X-Etcd-Cluster-ID", clusterId)
        .build(), HttpData.ofUtf8(HashKvJson.encode(resp)));
  }

  /** Go's {@code http.Error(w, msg, 400)}. */
  private static HttpResponse error(String msg) {
    return HttpResponse.of(ResponseHeaders.builder(HttpStatus.BAD_REQUEST)
        .contentType(MediaType.PLAIN_TEXT_UTF_8)
        .set("X-Content-Type-Options", "nosniff")
        .build(), HttpData.ofUtf8(msg + "\n"));
  }
}

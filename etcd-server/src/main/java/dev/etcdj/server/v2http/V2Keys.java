package dev.etcdj.server.v2http;

import dev.etcdj.api.GoJsonStrings;
import dev.etcdj.api.internal.InternalRequest;
import dev.etcdj.api.internal.V2Request;
import dev.etcdj.api.internal.V2Response;
import dev.etcdj.server.core.Proposals;
import dev.etcdj.server.v2store.V2Error;
import dev.etcdj.server.v2store.V2Store;
import java.util.concurrent.CompletableFuture;

/**
 * The v2 requests that go through Raft (etcd's {@code processRaftRequest}): writes, quorum
 * reads and the leader's SYNC. A failed apply comes back as the store's {@link V2Error}.
 */
public final class V2Keys {
  private final V2Store store;
  private final Proposals proposals;

  public V2Keys(V2Store store, Proposals proposals) {
    this.store = store;
    this.proposals = proposals;
  }

  V2Store store() {
    return store;
  }

  /**
   * Records this member's name and client URLs under {@code /0/members}, as etcd's publish
   * does in its v2 store (so the store's index starts past them, as in etcd). Best effort.
   */
  public void publish(long memberId, String name, java.util.List<String> clientUrls) {
    StringBuilder json = new StringBuilder("{\"name\":");
    GoJsonStrings.append(json, name);
    json.append(",\"clientURLs\":[");
    for (int i = 0; i < clientUrls.size(); i++) {
      json.append(i > 0 ? "," : "");
      GoJsonStrings.append(json, clientUrls.get(i));
    }
    json.append("]}");
    propose(V2Request.newBuilder().setMethod("PUT").setPath("/0/members/" + Long.toHexString(memberId) + "/attributes")
        .setVal(json.toString()).build()).exceptionally(e -> null);
  }

  public CompletableFuture<V2Response> propose(V2Request request) {
    CompletableFuture<V2Response> applied = proposals.propose(InternalRequest.newBuilder().setV2(request));
    return applied.thenApply(resp -> {
      if (resp.getErrorCode() != 0) {
        throw new V2Error(resp.getErrorCode(), resp.getErrorCause(), resp.getErrorIndex());
      }
      return resp;
    });
  }
}

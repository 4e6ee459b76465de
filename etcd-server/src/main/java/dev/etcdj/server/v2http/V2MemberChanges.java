package dev.etcdj.server.v2http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import dev.etcdj.api.MemberAddRequest;
import dev.etcdj.api.MemberRemoveRequest;
import dev.etcdj.api.MemberUpdateRequest;
import dev.etcdj.server.EtcdError;
import dev.etcdj.server.api.ClusterService;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * {@code POST /v2/members} (add), {@code DELETE} and {@code PUT /v2/members/<id>} (remove,
 * update peer URLs), carried out by the v3 Cluster service (same checks, same conf changes)
 * and answered with etcd's v2 statuses and messages.
 */
final class V2MemberChanges {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ClusterService cluster;

  V2MemberChanges(ClusterService cluster) {
    this.cluster = cluster;
  }

  HttpResponse serve(AggregatedHttpRequest req, String idPart) {
    HttpMethod m = req.method();
    if (m == HttpMethod.POST) {
      List<String> urls;
      try {
        urls = peerUrls(req);
      } catch (BadRequest e) {
        return e.response;
      }
      return call(cluster::memberAdd, MemberAddRequest.newBuilder().addAllPeerURLs(urls).build(), resp -> {
        StringBuilder sb = new StringBuilder();
        V2Members.member(sb, resp.getMember().getID(), "", resp.getMember().getPeerURLsList(), List.of());
        return HttpResponse.of(HttpStatus.CREATED, MediaType.JSON, sb.append('\n').toString());
      }, idPart);
    }
    if (idPart.isEmpty()) {
      return V2HttpService.methodNotAllowed(null);
    }
    long id;
    try {
      id = Long.parseUnsignedLong(idPart, 16);
    } catch (NumberFormatException e) {
      return V2Members.message(HttpStatus.NOT_FOUND, "No such member: " + idPart);
    }
    if (m == HttpMethod.DELETE) {
      return call(cluster::memberRemove, MemberRemoveRequest.newBuilder().setID(id).build(),
          resp -> HttpResponse.of(HttpStatus.NO_CONTENT), idPart);
    }
    List<String> urls;
    try {
      urls = peerUrls(req);
    } catch (BadRequest e) {
      return e.response;
    }
    return call(cluster::memberUpdate, MemberUpdateRequest.newBuilder().setID(id).addAllPeerURLs(urls).build(),
        resp -> HttpResponse.of(HttpStatus.NO_CONTENT), idPart);
  }

  private static <Q, R> HttpResponse call(BiConsumer<Q, StreamObserver<R>> method, Q request,
      Function<R, HttpResponse> ok, String idPart) {
    CompletableFuture<HttpResponse> answer = new CompletableFuture<>();
    method.accept(request, new StreamObserver<>() {
      @Override
      public void onNext(R value) {
        answer.complete(ok.apply(value));
      }

      @Override
      public void onError(Throwable t) {
        answer.complete(failure(t, idPart));
      }

      @Override
      public void onCompleted() {
      }
    });
    return HttpResponse.of(answer);
  }

  private static HttpResponse failure(Throwable t, String idPart) {
    String description = t instanceof StatusRuntimeException s ? s.getStatus().getDescription() : null;
    if (EtcdError.PEER_URL_EXIST.message().equals(description)) {
      return V2Members.message(HttpStatus.CONFLICT, "membership: peerURL exists");
    }
    if (EtcdError.MEMBER_NOT_FOUND.message().equals(description)) {
      return V2Members.message(HttpStatus.NOT_FOUND, "No such member: " + idPart);
    }
    return V2Members.message(HttpStatus.INTERNAL_SERVER_ERROR, "Internal Server Error");
  }

  /** etcd's unmarshalRequest of {@code {"peerURLs":[...]}}: JSON only, valid URLs. */
  private static List<String> peerUrls(AggregatedHttpRequest req) throws BadRequest {
    String ctype = req.headers().get("content-type", "");
    int semicolon = ctype.indexOf(';');
    if (semicolon >= 0) {
      ctype = ctype.substring(0, semicolon).trim().toLowerCase(java.util.Locale.ROOT);
    }
    if (!ctype.equals("application/json")) {
      throw new BadRequest(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Bad Content-Type " + ctype + ", accept application/json");
    }
    List<String> urls = new ArrayList<>();
    try {
      JsonNode node = JSON.readTree(req.contentUtf8()).path("peerURLs");
      for (JsonNode u : node) {
        URI uri = URI.create(u.asText());
        if (uri.getScheme() == null || uri.getHost() == null) {
          throw new BadRequest(HttpStatus.BAD_REQUEST, "URL address does not have the form \"host:port\": " + u.asText());
        }
        urls.add(u.asText());
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new BadRequest(HttpStatus.BAD_REQUEST, e.getMessage());
    }
    return urls;
  }

  private static final class BadRequest extends Exception {
    final transient HttpResponse response;

    BadRequest(HttpStatus status, String text) {
      super(text, null, false, false);
      this.response = V2Members.message(status, text);
    }
  }
}

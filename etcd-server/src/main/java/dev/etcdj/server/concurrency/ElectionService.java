package dev.etcdj.server.concurrency;

import dev.etcdj.api.CampaignRequest;
import dev.etcdj.api.CampaignResponse;
import dev.etcdj.api.ElectionGrpc;
import dev.etcdj.api.LeaderKey;
import dev.etcdj.api.LeaderRequest;
import dev.etcdj.api.LeaderResponse;
import dev.etcdj.api.ProclaimRequest;
import dev.etcdj.api.ProclaimResponse;
import dev.etcdj.api.ResignRequest;
import dev.etcdj.api.ResignResponse;
import dev.etcdj.server.api.Headers;
import io.grpc.stub.StreamObserver;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Election service (etcd's v3election). A candidate's key is {@code <name>/<lease-hex>}
 * with its value; the leader is the candidate whose key has the lowest create revision.
 * Campaign waits until the caller leads; Proclaim and Resign act only while the leader key still
 * exists with the given create revision ("election: not leader" otherwise for Proclaim; Resign
 * is then a no-op); Leader answers the current leader ("election: no leader" if none); Observe
 * streams the leader's value on every change. Errors that etcd returns as plain Go errors are
 * sent with code Unknown and etcd's text.
 */
public final class ElectionService extends ElectionGrpc.ElectionImplBase implements AutoCloseable {
  private final Recipes recipes;
  private final Headers headers;
  private final Set<Acquisition> campaigns = ConcurrentHashMap.newKeySet();
  private final Set<LeaderObserver> observers = ConcurrentHashMap.newKeySet();

  public ElectionService(Concurrency concurrency, Headers headers) {
    this.recipes = concurrency.recipes();
    this.headers = headers;
  }

  @Override
  public void campaign(CampaignRequest request, StreamObserver<CampaignResponse> observer) {
    Acquisition a = Acquisition.start(recipes, Recipes.prefix(request.getName()), request.getLease(),
        request.getValue(), true);
    campaigns.add(a);
    a.result().whenComplete((g, e) -> campaigns.remove(a));
    Replies.onCancel(observer, a::cancel);
    Replies.reply(a.result().thenApply(g -> CampaignResponse.newBuilder()
        .setHeader(headers.fill(g.header()))
        .setLeader(LeaderKey.newBuilder().setName(request.getName()).setKey(g.key()).setRev(g.rev())
            .setLease(g.lease()))
        .build()), observer);
  }

  @Override
  public void proclaim(ProclaimRequest request, StreamObserver<ProclaimResponse> observer) {
    if (!request.hasLeader()) {
      observer.onError(ConcurrencyErrors.missingLeaderKey());
      return;
    }
    LeaderKey leader = request.getLeader();
    Replies.reply(recipes.putIfCreatedAt(leader.getKey(), leader.getRev(), request.getValue(), leader.getLease())
        .thenApply(r -> {
          if (!r.getSucceeded()) {
            throw ConcurrencyErrors.notLeader();
          }
          return ProclaimResponse.newBuilder().setHeader(headers.fill(r.getHeader())).build();
        }), observer);
  }

  @Override
  public void leader(LeaderRequest request, StreamObserver<LeaderResponse> observer) {
    Replies.reply(recipes.firstCreated(Recipes.prefix(request.getName())).thenApply(r -> {
      if (r.getKvsCount() == 0) {
        throw ConcurrencyErrors.noLeader();
      }
      return LeaderResponse.newBuilder().setHeader(headers.fill(r.getHeader())).setKv(r.getKvs(0)).build();
    }), observer);
  }

  @Override
  public void observe(LeaderRequest request, StreamObserver<LeaderResponse> observer) {
    LeaderObserver[] self = new LeaderObserver[1];
    LeaderObserver o = new LeaderObserver(recipes, headers, Recipes.prefix(request.getName()), observer,
        () -> observers.remove(self[0]));
    self[0] = o;
    observers.add(o);
    Replies.onCancel(observer, o::cancel);
    o.start();
  }

  @Override
  public void resign(ResignRequest request, StreamObserver<ResignResponse> observer) {
    if (!request.hasLeader()) {
      observer.onError(ConcurrencyErrors.missingLeaderKey());
      return;
    }
    LeaderKey leader = request.getLeader();
    CompletableFuture<ResignResponse> done = recipes.deleteIfCreatedAt(leader.getKey(), leader.getRev())
        .thenApply(r -> ResignResponse.newBuilder().setHeader(headers.fill(r.getHeader())).build());
    Replies.reply(done, observer);
  }

  /** Stops waiting campaigns and open Observe streams. */
  @Override
  public void close() {
    campaigns.forEach(Acquisition::abort);
    observers.forEach(LeaderObserver::cancel);
  }
}

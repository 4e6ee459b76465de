package dev.etcdj.server.grpcproxy;

import dev.etcdj.api.CampaignRequest;
import dev.etcdj.api.CampaignResponse;
import dev.etcdj.api.ElectionGrpc;
import dev.etcdj.api.LeaderRequest;
import dev.etcdj.api.LeaderResponse;
import dev.etcdj.api.ProclaimRequest;
import dev.etcdj.api.ProclaimResponse;
import dev.etcdj.api.ResignRequest;
import dev.etcdj.api.ResignResponse;
import io.grpc.stub.StreamObserver;

/** The v3election service of the proxy: forwarded, outside any --namespace as in etcd's proxy. */
final class ElectionProxy extends ElectionGrpc.ElectionImplBase {
  private final ElectionGrpc.ElectionStub election;

  ElectionProxy(Upstream upstream) {
    this.election = ElectionGrpc.newStub(upstream.channel());
  }

  @Override
  public void campaign(CampaignRequest r, StreamObserver<CampaignResponse> out) {
    Upstream.asCaller(election).campaign(r, Relay.to(out));
  }

  @Override
  public void proclaim(ProclaimRequest r, StreamObserver<ProclaimResponse> out) {
    Upstream.asCaller(election).proclaim(r, Relay.to(out));
  }

  @Override
  public void leader(LeaderRequest r, StreamObserver<LeaderResponse> out) {
    Upstream.asCaller(election).leader(r, Relay.to(out));
  }

  @Override
  public void observe(LeaderRequest r, StreamObserver<LeaderResponse> out) {
    Upstream.asCaller(election).observe(r, Relay.to(out));
  }

  @Override
  public void resign(ResignRequest r, StreamObserver<ResignResponse> out) {
    Upstream.asCaller(election).resign(r, Relay.to(out));
  }
}

package dev.etcdj.server;

import dev.etcdj.api.AlarmRequest;
import dev.etcdj.api.CampaignRequest;
import dev.etcdj.api.LeaderRequest;
import dev.etcdj.api.LockRequest;
import dev.etcdj.api.ProclaimRequest;
import dev.etcdj.api.ResignRequest;
import dev.etcdj.api.UnlockRequest;
import dev.etcdj.api.CompactionRequest;
import dev.etcdj.api.DefragmentRequest;
import dev.etcdj.api.DeleteRangeRequest;
import dev.etcdj.api.HashKVRequest;
import dev.etcdj.api.HashRequest;
import dev.etcdj.api.LeaseGrantRequest;
import dev.etcdj.api.LeaseKeepAliveRequest;
import dev.etcdj.api.LeaseLeasesRequest;
import dev.etcdj.api.LeaseRevokeRequest;
import dev.etcdj.api.LeaseTimeToLiveRequest;
import dev.etcdj.api.MemberAddRequest;
import dev.etcdj.api.MemberListRequest;
import dev.etcdj.api.MemberPromoteRequest;
import dev.etcdj.api.MemberRemoveRequest;
import dev.etcdj.api.MemberUpdateRequest;
import dev.etcdj.api.MoveLeaderRequest;
import dev.etcdj.api.PutRequest;
import dev.etcdj.api.RangeRequest;
import dev.etcdj.api.StatusRequest;
import dev.etcdj.api.TxnRequest;
import dev.etcdj.api.WatchRequest;
import dev.etcdj.server.api.ClusterService;
import dev.etcdj.server.api.KvService;
import dev.etcdj.server.api.MaintenanceService;
import dev.etcdj.server.concurrency.ElectionService;
import dev.etcdj.server.concurrency.LockService;
import dev.etcdj.server.http.JsonGateway;
import dev.etcdj.server.lease.LeaseService;
import dev.etcdj.server.watch.WatchService;

/** The JSON gateway's routes: etcd's google.api.http paths for each unary v3 method. */
final class JsonRoutes {
  private JsonRoutes() {}

  static JsonGateway gateway(KvService kv, MaintenanceService maintenance, ClusterService cluster,
      LeaseService lease) {
    return new JsonGateway()
        .route("kv/range", RangeRequest.getDefaultInstance(), kv::range)
        .route("kv/put", PutRequest.getDefaultInstance(), kv::put)
        .route("kv/deleterange", DeleteRangeRequest.getDefaultInstance(), kv::deleteRange)
        .route("kv/txn", TxnRequest.getDefaultInstance(), kv::txn)
        .route("kv/compaction", CompactionRequest.getDefaultInstance(), kv::compact)
        .route("lease/grant", LeaseGrantRequest.getDefaultInstance(), lease::leaseGrant)
        .route("lease/revoke", LeaseRevokeRequest.getDefaultInstance(), lease::leaseRevoke)
        .route("kv/lease/revoke", LeaseRevokeRequest.getDefaultInstance(), lease::leaseRevoke)
        .route("lease/timetolive", LeaseTimeToLiveRequest.getDefaultInstance(), lease::leaseTimeToLive)
        .route("kv/lease/timetolive", LeaseTimeToLiveRequest.getDefaultInstance(), lease::leaseTimeToLive)
        .route("lease/leases", LeaseLeasesRequest.getDefaultInstance(), lease::leaseLeases)
        .route("kv/lease/leases", LeaseLeasesRequest.getDefaultInstance(), lease::leaseLeases)
        .route("maintenance/status", StatusRequest.getDefaultInstance(), maintenance::status)
        .route("maintenance/alarm", AlarmRequest.getDefaultInstance(), maintenance::alarm)
        .route("maintenance/defragment", DefragmentRequest.getDefaultInstance(), maintenance::defragment)
        .route("maintenance/hash", HashRequest.getDefaultInstance(), maintenance::hash)
        .route("maintenance/hashkv", HashKVRequest.getDefaultInstance(), maintenance::hashKV)
        .route("maintenance/transfer-leadership", MoveLeaderRequest.getDefaultInstance(), maintenance::moveLeader)
        .route("cluster/member/list", MemberListRequest.getDefaultInstance(), cluster::memberList)
        .route("cluster/member/add", MemberAddRequest.getDefaultInstance(), cluster::memberAdd)
        .route("cluster/member/remove", MemberRemoveRequest.getDefaultInstance(), cluster::memberRemove)
        .route("cluster/member/update", MemberUpdateRequest.getDefaultInstance(), cluster::memberUpdate)
        .route("cluster/member/promote", MemberPromoteRequest.getDefaultInstance(), cluster::memberPromote);
  }

  /** The streaming routes: Watch and LeaseKeepAlive, newline-delimited JSON as grpc-gateway serves them. */
  static JsonGateway streams(JsonGateway gateway, WatchService watch, LeaseService lease) {
    return gateway
        .stream("watch", WatchRequest.getDefaultInstance(), watch::watch, false)
        .stream("lease/keepalive", LeaseKeepAliveRequest.getDefaultInstance(), lease::leaseKeepAlive, true);
  }

  /** The v3election and v3lock routes (Observe, a stream, is not served over the gateway). */
  static JsonGateway concurrency(JsonGateway gateway, ElectionService election, LockService lock) {
    return gateway
        .route("election/campaign", CampaignRequest.getDefaultInstance(), election::campaign)
        .route("election/proclaim", ProclaimRequest.getDefaultInstance(), election::proclaim)
        .route("election/leader", LeaderRequest.getDefaultInstance(), election::leader)
        .route("election/resign", ResignRequest.getDefaultInstance(), election::resign)
        .route("lock/lock", LockRequest.getDefaultInstance(), lock::lock)
        .route("lock/unlock", UnlockRequest.getDefaultInstance(), lock::unlock);
  }
}

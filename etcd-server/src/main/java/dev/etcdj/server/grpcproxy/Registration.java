package dev.etcdj.server.grpcproxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import dev.etcdj.api.KVGrpc;
import dev.etcdj.api.KeyValue;
import dev.etcdj.api.LeaseGrantRequest;
import dev.etcdj.api.LeaseGrantResponse;
import dev.etcdj.api.LeaseGrpc;
import dev.etcdj.api.Member;
import dev.etcdj.api.PutRequest;
import dev.etcdj.api.RangeRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --resolver-prefix}/{@code --resolver-ttl}: the proxy registers its advertised address
 * under {@code PREFIX/ADDR} with a lease of the TTL, in etcd's naming/endpoints format
 * ({@code {"Op":0,"Addr":ADDR,"Metadata":"{\"name\":HOSTNAME}"}}), keeps the lease alive, and
 * registers again if the lease is lost; the proxies registered under the prefix are the members
 * its Cluster.MemberList reports.
 */
final class Registration {
  private static final Logger LOG = LoggerFactory.getLogger("grpcproxy");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long RETRY_SECONDS = 1;

  private final KVGrpc.KVBlockingStub kv;
  private final LeaseGrpc.LeaseBlockingStub lease;
  private final LeaseKeepAlives keepAlives;
  private final ScheduledExecutorService scheduler;
  private final String prefix;
  private final String addr;
  private final int ttl;

  Registration(Upstream upstream, LeaseKeepAlives keepAlives, ScheduledExecutorService scheduler, String prefix,
      String addr, int ttl) {
    this.kv = KVGrpc.newBlockingStub(upstream.channel());
    this.lease = LeaseGrpc.newBlockingStub(upstream.channel());
    this.keepAlives = keepAlives;
    this.scheduler = scheduler;
    this.prefix = prefix;
    this.addr = addr;
    this.ttl = ttl;
  }

  void start() {
    scheduler.execute(this::register);
  }

  private void register() {
    try {
      LeaseGrantResponse granted = lease.withDeadlineAfter(5, TimeUnit.SECONDS)
          .leaseGrant(LeaseGrantRequest.newBuilder().setTTL(ttl).build());
      ObjectNode update = JSON.createObjectNode().put("Op", 0).put("Addr", addr).put("Metadata", meta());
      kv.withDeadlineAfter(5, TimeUnit.SECONDS).put(PutRequest.newBuilder()
          .setKey(ByteString.copyFromUtf8(prefix + "/" + addr))
          .setValue(ByteString.copyFromUtf8(JSON.writeValueAsString(update)))
          .setLease(granted.getID()).build());
      LOG.info("registered \"{}\" with {}-second lease", addr, ttl);
      renew(granted.getID());
    } catch (RuntimeException | IOException e) {
      LOG.warn("failed to create a session {}", e.getMessage());
      scheduler.schedule(this::register, RETRY_SECONDS, TimeUnit.SECONDS);
    }
  }

  private void renew(long leaseId) {
    keepAlives.keepAlive(leaseId, resp -> {
      if (resp.getTTL() <= 0) {
        LOG.warn("session expired; possible network partition or server restart");
        LOG.warn("creating a new session to rejoin");
        scheduler.execute(this::register);
      } else {
        scheduler.schedule(() -> renew(leaseId), Math.max(1, ttl * 1000L / 3), TimeUnit.MILLISECONDS);
      }
    });
  }

  /** The proxies registered under {@code prefix}, as Cluster members (name and client URL). */
  static List<Member> registered(KVGrpc.KVBlockingStub kv, String prefix) {
    List<Member> out = new ArrayList<>();
    ByteString key = ByteString.copyFromUtf8(prefix);
    byte[] end = key.toByteArray();
    end[end.length - 1]++;
    for (KeyValue kvp : kv.withDeadlineAfter(5, TimeUnit.SECONDS)
        .range(RangeRequest.newBuilder().setKey(key).setRangeEnd(ByteString.copyFrom(end)).build()).getKvsList()) {
      try {
        JsonNode up = JSON.readTree(kvp.getValue().toStringUtf8());
        String name = JSON.readTree(up.path("Metadata").asText("{}")).path("name").asText("");
        out.add(Member.newBuilder().setName(name).addClientURLs(up.path("Addr").asText()).build());
      } catch (IOException e) {
        LOG.warn("unmarshal endpoint update failed {}", kvp.getKey().toStringUtf8());
      }
    }
    return out;
  }

  static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "";
    }
  }

  private static String meta() throws IOException {
    return JSON.writeValueAsString(JSON.createObjectNode().put("name", hostname()));
  }
}

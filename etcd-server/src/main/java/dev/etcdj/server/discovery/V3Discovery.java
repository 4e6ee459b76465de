package dev.etcdj.server.discovery;

import com.google.protobuf.ByteString;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.grpc.GrpcClients;
import dev.etcdj.api.Event;
import dev.etcdj.api.KVGrpc;
import dev.etcdj.api.KeyValue;
import dev.etcdj.api.PutRequest;
import dev.etcdj.api.RangeRequest;
import dev.etcdj.api.RangeResponse;
import dev.etcdj.api.WatchCreateRequest;
import dev.etcdj.api.WatchGrpc;
import dev.etcdj.api.WatchRequest;
import dev.etcdj.api.WatchResponse;
import dev.etcdj.discovery.InitialCluster;
import dev.etcdj.discovery.v2.DiscoveryException;
import dev.etcdj.discovery.v2.DiscoveryException.Reason;
import dev.etcdj.discovery.v2.V2Discovery;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd 3.6's v3 discovery ({@code --discovery-endpoints}, {@code --discovery-token}) over the
 * v3 API of the discovery cluster: the size at {@code /_etcd/registry/<token>/_config/size},
 * each member at {@code /_etcd/registry/<token>/members/<member id>}; the first {@code size}
 * registrations by create revision form the initial cluster. Failed calls are retried with
 * etcd's back-off (2s, 4s, ... then every 256s).
 */
public final class V3Discovery implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("discovery");
  private static final String PREFIX = "/_etcd/registry/";
  private static final int MAX_EXPONENTIAL_RETRIES = 8;

  /** What {@code --discovery-*} configures. */
  public record Config(List<String> endpoints, String token, Duration dialTimeout, Duration requestTimeout) {}

  private record Registration(String key, String value, long createRevision) {}

  private record Registrations(List<Registration> members, long size, long revision) {}

  private final Config cfg;
  private final String selfKey;
  private final ClientFactory factory;
  private final List<String> endpoints;
  private long retries;

  public V3Discovery(Config cfg, long memberId) {
    this.cfg = cfg;
    this.selfKey = membersPrefix(cfg.token()) + "/" + Long.toHexString(memberId);
    this.factory = ClientFactory.builder().connectTimeout(cfg.dialTimeout()).build();
    this.endpoints = cfg.endpoints().stream().map(e -> e.contains("://") ? e : "http://" + e).toList();
  }

  private static String membersPrefix(String token) {
    return PREFIX + token + "/members";
  }

  /** Registers this member ({@code config} is its {@code name=peerURL,...}) and returns the initial cluster. */
  public String joinCluster(String config) throws DiscoveryException {
    checkCluster();
    registerSelf(config);
    Registrations r = checkCluster();
    List<Registration> all = new ArrayList<>(r.members());
    waitPeers(all, r.size(), r.revision());
    return initialCluster(all, r.size());
  }

  private Registrations checkCluster() throws DiscoveryException {
    while (true) {
      long size;
      List<Registration> members;
      long revision;
      try {
        RangeResponse sizeResp = unary(kv -> kv.range(RangeRequest.newBuilder()
            .setKey(bytes(PREFIX + cfg.token() + "/_config/size")).build()));
        if (sizeResp.getKvsCount() == 0) {
          throw new DiscoveryException(Reason.SIZE_NOT_FOUND);
        }
        size = parseSize(sizeResp.getKvs(0).getValue().toStringUtf8());
        String prefix = membersPrefix(cfg.token());
        RangeResponse resp = unary(kv -> kv.range(RangeRequest.newBuilder().setKey(bytes(prefix))
            .setRangeEnd(prefixEnd(prefix)).build()));
        members = new ArrayList<>();
        for (KeyValue kv : resp.getKvsList()) {
          add(members, kv);
        }
        revision = resp.getHeader().getRevision();
      } catch (StatusRuntimeException e) {
        backOff("cluster status check", e);
        continue;
      }
      retries = 0;
      for (int i = 0; i < members.size(); i++) {
        if (members.get(i).key().equals(selfKey)) {
          break;
        }
        if (i >= size - 1) {
          throw new DiscoveryException(Reason.FULL_CLUSTER);
        }
      }
      return new Registrations(members, size, revision);
    }
  }

  private void registerSelf(String config) throws DiscoveryException {
    while (true) {
      try {
        unary(kv -> kv.put(PutRequest.newBuilder().setKey(bytes(selfKey)).setValue(bytes(config)).build()));
        retries = 0;
        LOG.info("register member itself successfully: {} = {}", selfKey, config);
        return;
      } catch (StatusRuntimeException e) {
        backOff("register member itself", e);
      }
    }
  }

  private void waitPeers(List<Registration> all, long size, long revision) throws DiscoveryException {
    long from = revision + 1;
    while (all.size() < size) {
      LOG.info("waiting for peers from discovery service: cluster size {}, found peers {}", size, all.size());
      BlockingQueue<Object> events = new LinkedBlockingQueue<>();
      WatchGrpc.WatchStub watch = GrpcClients.builder(endpoints.get(0) + "/").factory(factory)
          .responseTimeout(Duration.ZERO).build(WatchGrpc.WatchStub.class);
      StreamObserver<WatchRequest> requests = watch.watch(new StreamObserver<>() {
        @Override
        public void onNext(WatchResponse r) {
          events.add(r);
        }

        @Override
        public void onError(Throwable t) {
          events.add(t);
        }

        @Override
        public void onCompleted() {
          events.add(new IllegalStateException("watch closed"));
        }
      });
      String prefix = membersPrefix(cfg.token());
      requests.onNext(WatchRequest.newBuilder().setCreateRequest(WatchCreateRequest.newBuilder()
          .setKey(bytes(prefix)).setRangeEnd(prefixEnd(prefix)).setStartRevision(from)).build());
      try {
        while (all.size() < size) {
          Object next = events.take();
          if (next instanceof Throwable t) {
            LOG.warn("watch on discovery service failed: {}", t.toString());
            break;
          }
          for (Event ev : ((WatchResponse) next).getEventsList()) {
            add(all, ev.getKv());
            from = ev.getKv().getModRevision() + 1;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DiscoveryException(Reason.OTHER, "context canceled");
      } finally {
        requests.onCompleted();
      }
    }
    LOG.info("found all needed peers from discovery service: cluster size {}, found peers {}", size, all.size());
  }

  private void add(List<Registration> members, KeyValue kv) {
    String key = kv.getKey().toStringUtf8().strip();
    String value = kv.getValue().toStringUtf8().strip();
    if (value.indexOf('=') < 0) {
      LOG.warn("invalid peer info returned from discovery service: {} = {}", key, value);
      return;
    }
    if (members.stream().anyMatch(m -> m.key().equals(key))) {
      LOG.warn("found duplicate peer from discovery service: {} = {}", key, value);
      return;
    }
    LOG.info("found peer from discovery service: {} = {}", key, value);
    members.add(new Registration(key, value, kv.getCreateRevision()));
    members.sort(Comparator.comparingLong(Registration::createRevision));
  }

  private static String initialCluster(List<Registration> all, long size) throws DiscoveryException {
    List<String> values = all.subList(0, (int) Math.min(all.size(), size)).stream().map(Registration::value).toList();
    String cluster = String.join(",", values);
    InitialCluster parsed;
    try {
      parsed = InitialCluster.parse(cluster);
    } catch (IllegalArgumentException e) {
      throw new DiscoveryException(Reason.INVALID_URL, "discovery: invalid peer URL");
    }
    if (parsed.peerUrlsByName().size() != values.size()) {
      throw new DiscoveryException(Reason.DUPLICATE_NAME, Reason.DUPLICATE_NAME.text(),
          V2Discovery.duplicateNames(values));
    }
    return cluster;
  }

  private static long parseSize(String value) throws DiscoveryException {
    try {
      long size = Long.parseLong(value);
      if (size > 0) {
        return size;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new DiscoveryException(Reason.BAD_SIZE_KEY);
  }

  /** One request, tried on each endpoint in turn; the last failure is thrown. */
  private <T> T unary(Function<KVGrpc.KVBlockingStub, T> call) {
    StatusRuntimeException last = null;
    for (String ep : endpoints) {
      KVGrpc.KVBlockingStub kv = GrpcClients.builder(ep + "/").factory(factory)
          .responseTimeout(cfg.requestTimeout()).build(KVGrpc.KVBlockingStub.class);
      try {
        return call.apply(kv);
      } catch (StatusRuntimeException e) {
        last = e;
      }
    }
    throw last;
  }

  private void backOff(String step, StatusRuntimeException cause) throws DiscoveryException {
    LOG.warn("{} failed: {}", step, cause.getStatus());
    if (retries >= 0xffff_ffffL) {
      throw new DiscoveryException(Reason.TOO_MANY_RETRIES);
    }
    retries++;
    long seconds = 1L << Math.min(retries, MAX_EXPONENTIAL_RETRIES);
    LOG.warn("retry connecting to discovery service: reason {}, backoff {}s", step, seconds);
    try {
      Thread.sleep(Duration.ofSeconds(seconds).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DiscoveryException(Reason.OTHER, "context canceled");
    }
  }

  private static ByteString bytes(String s) {
    return ByteString.copyFrom(s, StandardCharsets.UTF_8);
  }

  /** etcd's clientv3.GetPrefixRangeEnd. */
  static ByteString prefixEnd(String prefix) {
    byte[] end = prefix.getBytes(StandardCharsets.UTF_8);
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xff) {
        end[i]++;
        return ByteString.copyFrom(end, 0, i + 1);
      }
    }
    return ByteString.copyFrom(new byte[] {0});
  }

  @Override
  public void close() {
    factory.close();
  }
}

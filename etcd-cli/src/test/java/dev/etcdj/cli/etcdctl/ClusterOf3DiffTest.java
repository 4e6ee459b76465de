package dev.etcdj.cli.etcdctl;

import dev.etcdj.api.MaintenanceGrpc;
import dev.etcdj.api.StatusRequest;
import dev.etcdj.api.StatusResponse;
import dev.etcdj.cli.RealCluster;
import dev.etcdj.cli.RealEtcd;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A three-member cluster: --cluster endpoint commands, member list, move-leader. */
class ClusterOf3DiffTest {

    private static StatusResponse status(int port) {
        ManagedChannel ch = NettyChannelBuilder.forTarget("127.0.0.1:" + port).usePlaintext().build();
        try {
            return MaintenanceGrpc.newBlockingStub(ch).status(StatusRequest.getDefaultInstance());
        } finally {
            ch.shutdownNow();
        }
    }

    private static String[] args(String eps, String... a) {
        List<String> l = new ArrayList<>();
        l.add("--endpoints=" + eps);
        l.addAll(List.of(a));
        return l.toArray(new String[0]);
    }

    @Test
    void threeMembers() throws Exception {
        RealEtcd.assumeInstalled();
        try (RealCluster cl = new RealCluster().start()) {
            String eps = cl.endpoints();
            // read-only views: same server state for both; one endpoint, so that the response headers
            // come from the same member (with several, requests are balanced over them)
            String one = "127.0.0.1:" + cl.clientPorts[0];
            List<Ctl.Step> steps = new ArrayList<>();
            for (String w : new String[] {"simple", "json", "table", "fields"}) {
                steps.add(Ctl.step(args(one, "member", "list", "-w", w)).noEndpoint());
                steps.add(Ctl.step(args(one, "endpoint", "hashkv", "--cluster", "-w", w)).noEndpoint());
            }
            steps.add(Ctl.step(args(eps, "endpoint", "health", "--cluster")).noEndpoint().unordered());
            steps.add(Ctl.step(args(eps, "put", "x", "1")).noEndpoint());
            List<Ctl.Result> real = new ArrayList<>();
            List<Ctl.Result> ours = new ArrayList<>();
            for (Ctl.Step s : steps) {
                real.add(Ctl.real(s.args, "", Map.of()));
                ours.add(Ctl.ours(s.args, "", Map.of()));
            }
            Ctl.compare(steps, real, ours);

            // move-leader: the real etcdctl moves it to one follower, ours to the other, then compare shapes
            for (int round = 0; round < 2; round++) {
                long leader = status(cl.clientPorts[0]).getLeader();
                long target = 0;
                for (int p : cl.clientPorts) {
                    long id = status(p).getHeader().getMemberId();
                    if (id != leader) {
                        target = id;
                        break;
                    }
                }
                String[] a = args(eps, "move-leader", Long.toHexString(target));
                Ctl.Result r = round == 0 ? Ctl.real(a, "", Map.of()) : Ctl.ours(a, "", Map.of());
                assertEquals(0, r.rc(), r.toString());
                assertEquals("Leadership transferred from " + Long.toHexString(leader) + " to "
                        + Long.toHexString(target) + "\n", r.out(), r.toString());
                Thread.sleep(500);
            }
            // the non-leader endpoints only: no leader there
            long leader = status(cl.clientPorts[0]).getLeader();
            List<String> followers = new ArrayList<>();
            for (int p : cl.clientPorts) {
                if (status(p).getHeader().getMemberId() != leader) {
                    followers.add("127.0.0.1:" + p);
                }
            }
            String[] a = args(String.join(",", followers), "move-leader", Long.toHexString(leader));
            Ctl.compare(List.of(Ctl.step(a)), List.of(Ctl.real(a, "", Map.of())), List.of(Ctl.ours(a, "", Map.of())));
        }
    }
}

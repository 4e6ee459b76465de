package dev.etcdj.cli.etcdctl;

import dev.etcdj.api.AlarmRequest;
import dev.etcdj.api.AlarmType;
import dev.etcdj.api.MaintenanceGrpc;
import dev.etcdj.api.StatusRequest;
import dev.etcdj.cli.RealEtcd;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.etcdj.cli.etcdctl.Ctl.step;

/** member, endpoint, alarm, defrag, version, move-leader: compared with the real etcdctl. */
class ClusterDiffTest {
    static RealEtcd etcd;

    @BeforeAll
    static void start() throws Exception {
        RealEtcd.assumeInstalled();
        etcd = new RealEtcd().start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (etcd != null) {
            etcd.close();
        }
    }

    @Test
    void readOnly() throws Exception {
        List<Ctl.Step> steps = new ArrayList<>();
        for (String w : new String[] {"simple", "json", "fields", "protobuf", "table"}) {
            steps.add(step("member", "list", "-w", w));
            steps.add(step("endpoint", "status", "-w", w));
            steps.add(step("endpoint", "status", "--cluster", "-w", w));
            steps.add(step("endpoint", "hashkv", "-w", w));
            steps.add(step("endpoint", "hashkv", "--cluster", "-w", w));
            if (!w.equals("fields")) { // etcdctl 3.4 crashes (nil header) on alarm list -w fields
                steps.add(step("alarm", "list", "-w", w));
            }
            if (!w.equals("table")) {
                steps.add(step("endpoint", "health", "-w", w));
                steps.add(step("endpoint", "health", "--cluster", "-w", w));
            }
        }
        steps.add(step("endpoint", "hashkv", "--rev=1"));
        steps.add(step("version"));
        steps.add(step("version").noEndpoint());
        steps.add(step("move-leader", "zz"));
        steps.add(step("move-leader"));
        steps.add(step("move-leader", "1234"));
        steps.add(step("member", "remove", "zz"));
        steps.add(step("member", "remove"));
        steps.add(step("member", "remove", "1234"));
        steps.add(step("member", "update", "1234"));
        steps.add(step("member", "update", "1234", "--peer-urls=http://127.0.0.1:1"));
        steps.add(step("member", "promote", "1234"));
        steps.add(step("member", "promote", "zz"));
        steps.add(step("member", "add"));
        steps.add(step("member", "add", "x"));
        steps.add(step("member", "add", "x", "http://127.0.0.1:5", "HTTP://y"));
        steps.add(step("defrag"));
        steps.add(step("defrag", "--cluster", "-w", "json"));
        steps.add(step("alarm", "disarm"));
        steps.add(step("alarm", "disarm", "-w", "json"));
        steps.add(step("alarm", "list", "extra"));
        steps.add(step("alarm", "disarm", "extra"));
        Ctl.sameServer(etcd, steps);
    }

    @Test
    void moveLeaderToSelf() throws Exception {
        ManagedChannel ch = NettyChannelBuilder.forTarget(etcd.endpoint()).usePlaintext().build();
        try {
            long self = MaintenanceGrpc.newBlockingStub(ch).status(StatusRequest.getDefaultInstance()).getHeader().getMemberId();
            Ctl.sameServer(etcd, List.of(step("move-leader", Long.toHexString(self)),
                    step("move-leader", Long.toHexString(self), "-w", "json"),
                    step("move-leader", Long.toHexString(self), "-w", "fields")));
        } finally {
            ch.shutdownNow();
        }
    }

    @Test
    void alarms() throws Exception {
        ManagedChannel ch = NettyChannelBuilder.forTarget(etcd.endpoint()).usePlaintext().build();
        try {
            var m = MaintenanceGrpc.newBlockingStub(ch);
            long self = m.status(StatusRequest.getDefaultInstance()).getHeader().getMemberId();
            Runnable activate = () -> m.alarm(AlarmRequest.newBuilder().setAction(AlarmRequest.AlarmAction.ACTIVATE)
                    .setMemberID(self).setAlarm(AlarmType.NOSPACE).build());
            activate.run();
            Ctl.sameServer(etcd, List.of(step("alarm", "list"), step("alarm", "list", "-w", "json"),
                    step("alarm", "list", "-w", "protobuf"), step("put", "x", "y")));
            // disarm: run the real one, re-arm, run ours
            String[] args = {"--endpoints=" + etcd.endpoint(), "alarm", "disarm"};
            Ctl.Result real = Ctl.real(args, "", java.util.Map.of());
            activate.run();
            Ctl.Result ours = Ctl.ours(args, "", java.util.Map.of());
            Ctl.compare(List.of(step("alarm", "disarm")), List.of(real), List.of(ours));
            activate.run();
            String[] json = {"--endpoints=" + etcd.endpoint(), "alarm", "disarm", "-w", "json"};
            real = Ctl.real(json, "", java.util.Map.of());
            activate.run();
            ours = Ctl.ours(json, "", java.util.Map.of());
            Ctl.compare(List.of(step("alarm", "disarm", "-w", "json")), List.of(real), List.of(ours));
        } finally {
            ch.shutdownNow();
        }
    }

    @Test
    void learnerMembership() throws Exception {
        Ctl.replay(List.of(
                step("member", "add", "learner1", "--learner", "--peer-urls=http://127.0.0.1:1")
                        .capture("M", "Member\\s+([0-9a-f]+) added").unordered(),
                step("member", "list").unordered(),
                step("member", "update", "${M}", "--peer-urls=http://127.0.0.1:2,http://127.0.0.1:3").unordered(),
                step("member", "list", "-w", "fields").unordered(),
                step("member", "promote", "${M}").unordered(),
                step("member", "update", "${M}", "--peer-urls=http://127.0.0.1:4", "-w", "fields").unordered(),
                step("member", "remove", "${M}").unordered(),
                step("member", "list", "-w", "json"),
                step("member", "list", "-w", "table"),
                step("member", "add", "learner3", "--learner", "--peer-urls=http://127.0.0.1:6", "-w", "fields")
                        .unordered()));
    }
}

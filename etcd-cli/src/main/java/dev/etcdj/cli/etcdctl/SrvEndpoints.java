package dev.etcdj.cli.etcdctl;

import dev.etcdj.discovery.srv.SrvClients;
import dev.etcdj.discovery.srv.SrvException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --discovery-srv} ({@code -d}): the endpoints come from the {@code _etcd-client-ssl} and
 * {@code _etcd-client} records of the domain instead of {@code --endpoints}; with
 * {@code --insecure-discovery=false} the http ones are dropped.
 */
final class SrvEndpoints {
    private SrvEndpoints() {}

    static void apply(Globals g, Out err) {
        if (g.discoverySrv.isEmpty()) {
            return;
        }
        List<SrvClients.Endpoint> found;
        try {
            found = SrvClients.discover(g.discoverySrv, g.discoverySrvName);
        } catch (SrvException e) {
            throw new EtcdctlException(Exit.ERROR, e.getMessage());
        }
        List<String> endpoints = new ArrayList<>();
        for (SrvClients.Endpoint e : found) {
            if (!g.insecureDiscovery && !e.secure()) {
                err.println("ignoring discovered insecure endpoint " + GoFmt.quote(e.url()));
                continue;
            }
            endpoints.add(e.url());
        }
        // etcdctl falls back to --endpoints when discovery finds nothing usable
        if (!endpoints.isEmpty()) {
            g.endpoints = endpoints;
        }
    }
}

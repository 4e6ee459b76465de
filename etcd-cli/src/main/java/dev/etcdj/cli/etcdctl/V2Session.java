package dev.etcdj.cli.etcdctl;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One v2 command run: its global and command flags, the environment, stdout/stderr and the HTTP client. */
final class V2Session {
    final V2Flags globals;
    final V2Flags flags;
    final Map<String, String> env;
    final InputStream in;
    final Out out;
    final Out err;
    /** The X-Etcd-Index of the last answer (extended output's "Index:"). */
    long lastIndex;
    private V2Http http;

    V2Session(V2Flags globals, V2Flags flags, Map<String, String> env, InputStream in, Out out, Out err) {
        this.globals = globals;
        this.flags = flags;
        this.env = env;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    String output() {
        return globals.string("output");
    }

    /** The i-th argument, or the command fails with ctlv2's "Error:  key required"-style message. */
    String arg(int i, String missing) {
        if (flags.args.size() <= i) {
            throw new V2Exit(V2Exit.BAD_ARGS, "Error:  " + missing);
        }
        return flags.args.get(i);
    }

    /** A flag, or else its ETCDCTL_* variable (ctlv2 reads them only where the flag is empty). */
    private String flagOrEnv(String flag, String... envNames) {
        String v = globals.string(flag);
        for (String e : envNames) {
            if (!v.isEmpty()) {
                break;
            }
            v = env.getOrDefault(e, "");
        }
        return v;
    }

    /**
     * An endpoint as Go's url.Parse and ctlv2 read it: no scheme means http, but "host:port" parses as scheme
     * "host" (the request fails later) and "127.0.0.1:port" does not parse at all.
     */
    private static String endpoint(String e) {
        if (e.contains("://")) {
            return e;
        }
        int colon = e.indexOf(':');
        int slash = e.indexOf('/');
        if (colon > 0 && (slash < 0 || colon < slash)) {
            if (e.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
                return e;
            }
            throw new V2Exit(1, "parse " + GoFmt.quote(e) + ": first path segment in URL cannot contain colon");
        }
        return "http://" + e;
    }

    /** The client, synced with the cluster's client URLs unless --no-sync (or {@code sync} is false). */
    V2Http http() throws V2Http.DeadlineExceeded {
        return http(!globals.bool("no-sync"));
    }

    V2Http http(boolean sync) throws V2Http.DeadlineExceeded {
        if (http != null) {
            return http;
        }
        String eps = globals.string("endpoints");
        if (eps.isEmpty()) {
            eps = env.getOrDefault("ETCDCTL_ENDPOINTS", "");
        }
        if (eps.isEmpty()) {
            eps = globals.string("endpoint");
        }
        if (eps.isEmpty()) {
            eps = env.getOrDefault("ETCDCTL_ENDPOINT", "");
        }
        if (eps.isEmpty()) {
            eps = globals.string("peers");
        }
        if (eps.isEmpty()) {
            eps = env.getOrDefault("ETCDCTL_PEERS", "");
        }
        if (eps.isEmpty()) {
            eps = "http://127.0.0.1:2379,http://127.0.0.1:4001";
        }
        List<String> endpoints = new ArrayList<>();
        for (String e : eps.split(",")) {
            endpoints.add(endpoint(e));
        }
        V2Http.V2Tls tls = new V2Http.V2Tls(flagOrEnv("cert-file", "ETCDCTL_CERT_FILE"),
                flagOrEnv("key-file", "ETCDCTL_KEY_FILE"), flagOrEnv("ca-file", "ETCDCTL_CA_FILE"));
        String user = null;
        String password = null;
        String u = flagOrEnv("username", "ETCDCTL_USERNAME");
        if (!u.isEmpty()) {
            int colon = u.indexOf(':');
            if (colon < 0) {
                user = u;
                password = V2Auth.readPassword(in, err, "Password: ");
            } else {
                user = u.substring(0, colon);
                password = u.substring(colon + 1);
            }
        }
        http = new V2Http(endpoints, tls, globals.durationNanos("timeout"), globals.durationNanos("total-timeout"),
                user, password);
        if (sync) {
            try {
                http.sync();
            } catch (V2Http.ClusterError e) {
                // only a cluster that cannot be reached ends the command; other sync failures are ignored
                if (e.errors.stream().allMatch(x -> x.startsWith("dial tcp") || x.endsWith("exceeded header timeout"))) {
                    throw new V2Exit(V2Exit.BAD_CONNECTION, "Error:  " + e.getMessage() + "\n" + e.detail());
                }
            } catch (V2Http.DeadlineExceeded e) {
                throw new V2Exit(V2Exit.BAD_CONNECTION, "Error:  context deadline exceeded");
            }
        }
        return http;
    }
}

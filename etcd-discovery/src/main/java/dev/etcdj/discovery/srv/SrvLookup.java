package dev.etcdj.discovery.srv;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** SRV queries against the system resolver (the name servers of {@code /etc/resolv.conf}). */
public final class SrvLookup {
  private SrvLookup() {}

  /**
   * The targets of {@code _<service>._tcp.<domain>}, by priority (lowest first), then weight
   * (highest first).
   *
   * @throws SrvException in Go's words: {@code lookup <name> on <server>: no such host}
   */
  public static List<SrvTarget> lookup(String service, String domain) throws SrvException {
    String name = SrvServices.recordName(service, domain);
    Lookup lookup;
    try {
      lookup = new Lookup(Name.fromString(name + "."), Type.SRV);
    } catch (TextParseException e) {
      throw new SrvException("lookup " + name + ": invalid domain name: " + e.getMessage());
    }
    // a fresh cache per query: a bootstrap must see the records as they are now
    lookup.setCache(null);
    Record[] records = lookup.run();
    if (lookup.getResult() != Lookup.SUCCESSFUL || records == null || records.length == 0) {
      throw new SrvException("lookup " + name + " on " + servers() + ": " + reason(lookup.getResult(), lookup));
    }
    List<SrvTarget> targets = new ArrayList<>();
    for (Record r : records) {
      if (r instanceof SRVRecord srv) {
        String host = srv.getTarget().toString();
        targets.add(new SrvTarget(host, srv.getPort(), srv.getPriority(), srv.getWeight()));
      }
    }
    targets.sort(Comparator.comparingInt(SrvTarget::priority)
        .thenComparing(Comparator.comparingInt(SrvTarget::weight).reversed())
        .thenComparing(SrvTarget::host).thenComparingInt(SrvTarget::port));
    return targets;
  }

  private static String reason(int result, Lookup lookup) {
    return switch (result) {
      case Lookup.HOST_NOT_FOUND, Lookup.TYPE_NOT_FOUND, Lookup.SUCCESSFUL -> "no such host";
      case Lookup.TRY_AGAIN -> "server misbehaving (" + lookup.getErrorString() + ")";
      default -> lookup.getErrorString();
    };
  }

  private static String servers() {
    List<InetSocketAddress> servers = ResolverConfig.getCurrentConfig().servers();
    if (servers.isEmpty()) {
      return "the default resolver";
    }
    return servers.stream().map(a -> a.getAddress().getHostAddress() + ":" + a.getPort())
        .collect(Collectors.joining(","));
  }
}

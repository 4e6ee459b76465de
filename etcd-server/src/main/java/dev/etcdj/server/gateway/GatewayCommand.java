package dev.etcdj.server.gateway;

import dev.etcdj.discovery.srv.SrvClients;
import dev.etcdj.discovery.srv.SrvException;
import dev.etcdj.discovery.srv.SrvTarget;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code etcd gateway [start] [flags]}: etcd 3.4's command line, checks and messages, then {@link TcpProxy}. */
public final class GatewayCommand {
  private final PrintStream out;
  private final PrintStream err;

  private GatewayCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Runs the command; returns the exit code (start runs until the process is stopped). */
  public static int run(String[] args) {
    return new GatewayCommand(System.out, System.err).execute(Arrays.asList(args));
  }

  private int execute(List<String> args) {
    String sub = args.stream().filter(a -> !a.startsWith("-")).findFirst().orElse("");
    if (!sub.equals("start")) {
      out.print(GatewayHelp.GATEWAY_HELP);
      return 0;
    }
    List<String> flags = new ArrayList<>(args);
    flags.remove("start");
    GatewayFlags f;
    try {
      f = GatewayFlags.parse(flags);
    } catch (GatewayFlags.UsageException e) {
      err.print("Error: " + e.getMessage() + "\n" + GatewayHelp.START_USAGE + "\n" + e.getMessage());
      return 1;
    }
    if (f.help()) {
      out.print(GatewayHelp.START_HELP);
      return 0;
    }
    return start(f);
  }

  private int start(GatewayFlags f) {
    List<SrvTarget> targets = new ArrayList<>();
    try {
      for (SrvClients.Endpoint e : EndpointDiscovery.discover(f.discoverySrv(), f.discoverySrvName(),
          f.insecureDiscovery())) {
        targets.add(e.target());
      }
    } catch (SrvException e) {
      err.println(e.getMessage());
      return 1;
    }
    if (targets.isEmpty()) {
      for (String ep : f.endpoints()) {
        String hostPort = stripScheme(ep);
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? null : hostPort.substring(0, colon);
        if (host == null || (host.indexOf(':') >= 0 && !host.startsWith("["))) {
          out.print("error parsing endpoint \"" + ep + "\"");
          return 1;
        }
        targets.add(new SrvTarget(unbracket(host), parsePort(hostPort.substring(colon + 1)), 0, 0));
      }
    }
    int colon = f.listenAddr().lastIndexOf(':');
    if (colon < 0) {
      out.println("failed to validate listen address: " + f.listenAddr());
      return 1;
    }
    String listenHost = unbracket(f.listenAddr().substring(0, colon));
    String listenPort = f.listenAddr().substring(colon + 1);
    Set<String> listenAddrs;
    try {
      listenAddrs = addresses(listenHost.isEmpty() ? "0.0.0.0" : listenHost);
    } catch (UnknownHostException e) {
      out.println("failed to resolve listen host: " + listenHost);
      return 1;
    }
    for (SrvTarget t : targets) {
      Set<String> eaddrs;
      try {
        eaddrs = addresses(t.host());
      } catch (UnknownHostException e) {
        out.println("failed to resolve endpoint host: " + t.host());
        return 1;
      }
      if (!Integer.toString(t.port()).equals(listenPort)) {
        continue;
      }
      for (String ea : eaddrs) {
        if (listenAddrs.contains(ea)) {
          out.printf("SRV or endpoint (%s:%d->%s:%d) should not resolve to the gateway listen addr (%s)%n",
              t.host(), t.port(), ea, t.port(), f.listenAddr());
          return 1;
        }
      }
    }
    if (targets.isEmpty()) {
      out.println("no endpoints found");
      return 1;
    }
    TcpProxy proxy = new TcpProxy(targets.stream().map(Remote::new).toList(), f.retryDelay());
    Runtime.getRuntime().addShutdownHook(new Thread(proxy::close, "gateway-shutdown"));
    try {
      proxy.start(new InetSocketAddress(listenHost.isEmpty() ? null : InetAddress.getByName(listenHost),
          parsePort(listenPort)));
      proxy.closeFuture().sync();
      return 0;
    } catch (Exception e) {
      proxy.close();
      String why = e instanceof BindException ? "bind: address already in use" : String.valueOf(e.getMessage());
      err.println("listen tcp " + f.listenAddr() + ": " + why);
      return 1;
    }
  }

  /** etcdmain's stripSchema: {@code http://a:1} becomes {@code a:1}; anything else stays. */
  static String stripScheme(String ep) {
    try {
      URI u = new URI(ep);
      if (u.getScheme() != null && u.getRawAuthority() != null && !u.getRawAuthority().isEmpty()) {
        return u.getRawAuthority();
      }
    } catch (Exception e) {
      // not a URL: a plain host:port
    }
    return ep;
  }

  private static Set<String> addresses(String host) throws UnknownHostException {
    return Arrays.stream(InetAddress.getAllByName(host)).map(InetAddress::getHostAddress).collect(Collectors.toSet());
  }

  private static String unbracket(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /** Go's Sscanf("%d") into a uint16: leading digits, 0 when none. */
  private static int parsePort(String p) {
    int i = 0;
    while (i < p.length() && Character.isDigit(p.charAt(i))) {
      i++;
    }
    return i == 0 ? 0 : Integer.parseInt(p.substring(0, Math.min(i, 9))) & 0xffff;
  }
}

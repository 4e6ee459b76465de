package dev.etcdj.discovery.srv;

/** etcd's SRV service names ({@code GetSRVService}): {@code etcd-server}, {@code etcd-server-ssl-foo} and so on. */
public final class SrvServices {
  public static final String SERVER = "etcd-server";
  public static final String CLIENT = "etcd-client";

  private SrvServices() {}

  /** The service for a scheme: https adds {@code -ssl}, a non-empty {@code serviceName} adds {@code -<name>}. */
  public static String service(String base, String serviceName, String scheme) {
    String s = "https".equals(scheme) ? base + "-ssl" : base;
    return serviceName == null || serviceName.isEmpty() ? s : s + "-" + serviceName;
  }

  /** The DNS name queried for a service: {@code _<service>._tcp.<domain>}. */
  public static String recordName(String service, String domain) {
    String d = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
    return "_" + service + "._tcp." + d;
  }
}

package dev.etcdj.server;

/** The etcd versions this server speaks: the v3 API of etcd 3.4, reported as etcd 3.4.23. */
public final class Versions {
  /** What {@code /version} and Maintenance.Status report as the server version. */
  public static final String SERVER = "3.4.23";
  /** The cluster version, as etcd reports it in {@code /version}. */
  public static final String CLUSTER = "3.4.0";
  /** The capability version logged at start ("enabled capabilities for version"). */
  public static final String CAPABILITY = "3.4";

  private Versions() {}
}

package dev.etcdj.server.kv;

/** Whether a lease exists, asked before a key is attached to it. */
@FunctionalInterface
public interface LeaseLookup {
  boolean exists(long leaseId);
}

package dev.etcdj.storage.mvcc;

/** One key/value of a meta bucket (leases, members, alarms...). */
public record MetaEntry(byte[] key, byte[] value) {}

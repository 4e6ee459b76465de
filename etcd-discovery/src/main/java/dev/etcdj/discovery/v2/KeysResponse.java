package dev.etcdj.discovery.v2;

/** A successful v2 keys answer: the action, its node, and the store index from {@code X-Etcd-Index}. */
public record KeysResponse(String action, KeysNode node, long index) {}

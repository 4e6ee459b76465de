/**
 * Thin gRPC adapters for the v3 API: each validates nothing itself, delegates to the server
 * core, fills the response header (cluster ID, member ID, raft term, revision) and maps etcd
 * errors to the gRPC status etcd would send.
 */
package dev.etcdj.server.api;

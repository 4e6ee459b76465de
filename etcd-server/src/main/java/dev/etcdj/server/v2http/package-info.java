/**
 * etcd's v2 HTTP API on the client port, served when {@code --enable-v2} is set:
 * {@code /v2/keys} (reads from the local store, writes and quorum reads through Raft, long-poll
 * and streaming watches), {@code /v2/members}, {@code /v2/machines} and {@code /v2/stats}.
 * The leader proposes a SYNC every 500ms while keys with a TTL exist, so expiry is replicated.
 */
package dev.etcdj.server.v2http;

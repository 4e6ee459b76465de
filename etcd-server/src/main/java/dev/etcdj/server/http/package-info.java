/**
 * The HTTP/1.1 side of the client port: {@code /health}, {@code /version}, {@code /metrics},
 * and the JSON gateway to the v3 API ({@code POST /v3/kv/range} and so on, proto field names,
 * 64-bit integers as strings, bytes as base64, as etcd's grpc-gateway).
 */
package dev.etcdj.server.http;

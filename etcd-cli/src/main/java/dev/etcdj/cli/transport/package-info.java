/**
 * etcdctl's gRPC transport: a small HTTP/2 client on blocking JDK sockets (TLS with ALPN "h2", unix
 * sockets), behind {@link dev.etcdj.cli.transport.GrpcChannel}, an {@code io.grpc.ManagedChannel} that
 * needs only grpc-api. A one-shot etcdctl spends most of its life starting up; grpc-netty's classes
 * alone cost it about 90 ms, this package a few.
 *
 * <p>One thread per connection dials it and then reads its frames ({@code H2Connection}); calls
 * ({@code GrpcCall}) write from the caller's thread. HPACK: the encoder sends literals only, the decoder
 * takes the static and dynamic tables and Huffman coding, as grpc-go servers use them. Flow control grants
 * large windows and replenishes them as responses are consumed, so a large snapshot streams at full
 * speed with bounded buffering. Deadlines and keep-alive pings run on one timer thread.
 *
 * <p>{@code TrainingServer} answers etcdctl's class-data-sharing training calls on the same framing.
 */
package dev.etcdj.cli.transport;

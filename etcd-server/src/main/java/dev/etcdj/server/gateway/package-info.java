/**
 * {@code etcd gateway start}: etcd 3.4's layer-4 gateway ({@code etcdmain/gateway.go},
 * {@code proxy/tcpproxy}). Each client connection is forwarded, bytes in both directions, to
 * one endpoint picked by SRV priority and weight (round robin for plain {@code --endpoints});
 * an endpoint that refuses a connection is marked inactive and the next one is tried, and
 * every {@code --retry-delay} the inactive ones are probed with a TCP connect and reactivated
 * when they answer. Built on Netty's event loops: no thread per connection, and a side is read
 * only after the other side took the previous chunk (back-pressure).
 */
package dev.etcdj.server.gateway;

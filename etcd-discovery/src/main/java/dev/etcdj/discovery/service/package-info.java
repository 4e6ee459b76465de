/**
 * {@code etcd discovery-service}: a discovery.etcd.io style service (routes, status codes and
 * bodies as Debian's etcd-discovery package) that keeps its tokens in an etcd cluster's v2 keys
 * API under {@code /_etcd/registry/<token>} and proxies {@code <host>/<token>...} there. It
 * needs no server code: the JDK's HTTP server and client.
 */
package dev.etcdj.discovery.service;

/** Cluster membership as etcd names it: the cluster ID, this member's ID, and every member's URLs. */
package dev.etcdj.server.membership;

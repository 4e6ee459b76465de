/**
 * Data corruption checks: etcd's {@code --experimental-initial-corrupt-check}, which compares a
 * restarting member's key-value hash with its peers' before the member serves anything.
 */
package dev.etcdj.server.corrupt;

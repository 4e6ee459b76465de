/**
 * DNS SRV discovery, as etcd 3.4's {@code --discovery-srv} ({@code pkg/srv}).
 *
 * <p>A member looks up {@code _etcd-server-ssl[-<suffix>]._tcp.<domain>} (https peer URLs)
 * and {@code _etcd-server[-<suffix>]._tcp.<domain>} (http peer URLs); each target becomes one
 * member of the initial cluster, named {@code scheme://target:port}. A member finds itself by
 * resolving its {@code --initial-advertise-peer-urls} and the targets to addresses: the target
 * whose address and port equal one of its own gets the member's name, the others are named
 * {@code 0, 1, ...} until they publish their real names. Clients look up
 * {@code _etcd-client-ssl} and {@code _etcd-client} the same way ({@link SrvClients}).
 *
 * <p>Lookups go to the system resolver ({@code /etc/resolv.conf}); host names resolve through
 * the JDK (hosts file, then DNS), as Go's {@code net.ResolveTCPAddr} does. For example, with
 * <pre>
 * _etcd-server._tcp.example.com. SRV 0 0 2380 infra0.example.com.
 * _etcd-server._tcp.example.com. SRV 0 0 2380 infra1.example.com.
 * infra0.example.com. A 10.0.1.10     infra1.example.com. A 10.0.1.11
 * </pre>
 * member {@code infra1} advertising {@code http://10.0.1.11:2380} gets the initial cluster
 * {@code 0=http://infra0.example.com:2380,infra1=http://infra1.example.com:2380}.
 */
package dev.etcdj.discovery.srv;

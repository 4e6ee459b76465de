/**
 * The etcd 3.4 compatible command-line / environment / config-file layer of the etcdj server.
 *
 * <p>Entry point: {@link dev.etcdj.server.config.ConfigLoader#load(String[], java.util.Map)}, which returns a
 * {@link dev.etcdj.server.config.LoadResult}: {@code Run} (a validated {@link dev.etcdj.server.config.ServerConfig}
 * plus the messages etcd would log while loading), {@code Exit} (help, version, errors: print and exit with the
 * code) or {@code Subcommand} ({@code gateway} / {@code grpc-proxy}, not handled here yet).
 *
 * <p>Behaviour follows etcd 3.4.23 (etcdmain/config.go, etcdmain/etcd.go, embed/config.go,
 * embed/config_logging.go, pkg/flags, pkg/types/urls.go):
 * <ul>
 *   <li>Go flag syntax: {@code -flag}, {@code --flag}, {@code -flag=value}, {@code -flag value} (not for booleans),
 *       {@code --} ends flags, the first non-flag argument ends parsing and is an error.</li>
 *   <li>Every flag also reads {@code ETCD_<NAME>} unless given on the command line; a variable shadowed by a flag is
 *       fatal; unknown {@code ETCD_*} variables are warned about.</li>
 *   <li>{@code --config-file} (or {@code ETCD_CONFIG_FILE}) replaces all other flags and the environment.</li>
 *   <li>Start-up defaults: {@code data-dir = <name>.etcd}; the default {@code initial-cluster} is rebuilt from the
 *       final name and advertise peer URLs.</li>
 * </ul>
 * Only picocli, slf4j and the JDK may be used here (currently: the JDK only).
 */
package dev.etcdj.server.config;

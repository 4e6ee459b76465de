/** How etcdj's log lines read like etcd's where the text comes from a library (Armeria, Netty). */
package dev.etcdj.server.logging;

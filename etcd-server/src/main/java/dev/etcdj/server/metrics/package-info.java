/**
 * A small Prometheus registry: counters, gauges and histograms rendered in the text exposition
 * format, under etcd's metric names so existing dashboards and alerts keep working.
 */
package dev.etcdj.server.metrics;

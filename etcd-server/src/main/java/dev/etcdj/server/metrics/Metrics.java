package dev.etcdj.server.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/** The registry: create metrics once at start, update them from any thread, scrape as text. */
public final class Metrics {
  private interface Metric {
    void render(StringBuilder out);
  }

  private final List<Metric> metrics = new ArrayList<>();

  public synchronized Counter counter(String name, String help) {
    Counter c = new Counter(name, help);
    metrics.add(c);
    return c;
  }

  /** A counter per label set, e.g. gRPC calls per method and code; label names in Prometheus' sorted order. */
  public synchronized CounterVec counterVec(String name, String help, String... labelNames) {
    CounterVec c = new CounterVec(name, help, labelNames);
    metrics.add(c);
    return c;
  }

  /** A gauge read at scrape time; {@code labels} is a Prometheus label set like {@code a="b"}, or empty. */
  public synchronized void gauge(String name, String help, String labels, DoubleSupplier value) {
    metrics.add(out -> {
      header(out, name, help, "gauge");
      out.append(name).append(labels.isEmpty() ? "" : "{" + labels + "}").append(' ')
          .append(format(value.getAsDouble())).append('\n');
    });
  }

  public synchronized Histogram histogram(String name, String help, double... buckets) {
    Histogram h = new Histogram(name, help, buckets);
    metrics.add(h);
    return h;
  }

  public synchronized String scrape() {
    StringBuilder out = new StringBuilder(8192);
    metrics.forEach(m -> m.render(out));
    return out.toString();
  }

  private static void header(StringBuilder out, String name, String help, String type) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static String format(double v) {
    if (v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  /** Exponential bucket bounds, as Prometheus' ExponentialBuckets(start, factor, count). */
  public static double[] exponentialBuckets(double start, double factor, int count) {
    double[] b = new double[count];
    for (int i = 0; i < count; i++) {
      b[i] = start * Math.pow(factor, i);
    }
    return b;
  }

  public static final class Counter implements Metric {
    private final String name;
    private final String help;
    private final LongAdder value = new LongAdder();

    private Counter(String name, String help) {
      this.name = name;
      this.help = help;
    }

    public void inc() {
      value.increment();
    }

    public void add(long n) {
      value.add(n);
    }

    public long get() {
      return value.sum();
    }

    @Override
    public void render(StringBuilder out) {
      header(out, name, help, "counter");
      out.append(name).append(' ').append(value.sum()).append('\n');
    }
  }

  public static final class CounterVec implements Metric {
    private final String name;
    private final String help;
    private final String[] labelNames;
    private final java.util.concurrent.ConcurrentSkipListMap<String, LongAdder> series =
        new java.util.concurrent.ConcurrentSkipListMap<>();

    private CounterVec(String name, String help, String[] labelNames) {
      this.name = name;
      this.help = help;
      this.labelNames = labelNames.clone();
    }

    /** Adds {@code n} to the series with these label values (in the order of the label names). */
    public void add(long n, String... labelValues) {
      series(labelValues).add(n);
    }

    /** The counter of the series with these label values (for callers that count one series often). */
    public LongAdder series(String... labelValues) {
      if (labelValues.length != labelNames.length) {
        throw new IllegalArgumentException(name + " takes " + labelNames.length + " labels");
      }
      StringBuilder key = new StringBuilder();
      for (int i = 0; i < labelNames.length; i++) {
        key.append(i == 0 ? "" : ",").append(labelNames[i]).append("=\"").append(labelValues[i]).append('"');
      }
      return series.computeIfAbsent(key.toString(), k -> new LongAdder());
    }

    public void inc(String... labelValues) {
      add(1, labelValues);
    }

    @Override
    public void render(StringBuilder out) {
      header(out, name, help, "counter");
      series.forEach((labels, v) -> out.append(name).append('{').append(labels).append("} ").append(v.sum()).append('\n'));
    }
  }

  public static final class Histogram implements Metric {
    private final String name;
    private final String help;
    private final double[] bounds;
    private final AtomicLongArray counts;
    private final DoubleAdder sum = new DoubleAdder();
    private final LongAdder count = new LongAdder();

    private Histogram(String name, String help, double[] bounds) {
      this.name = name;
      this.help = help;
      this.bounds = bounds.clone();
      this.counts = new AtomicLongArray(bounds.length);
    }

    public void observe(double v) {
      for (int i = 0; i < bounds.length; i++) {
        if (v <= bounds[i]) {
          counts.incrementAndGet(i);
          break;
        }
      }
      sum.add(v);
      count.increment();
    }

    @Override
    public void render(StringBuilder out) {
      header(out, name, help, "histogram");
      long cumulative = 0;
      for (int i = 0; i < bounds.length; i++) {
        cumulative += counts.get(i);
        out.append(name).append("_bucket{le=\"").append(bounds[i]).append("\"} ").append(cumulative).append('\n');
      }
      out.append(name).append("_bucket{le=\"+Inf\"} ").append(count.sum()).append('\n');
      out.append(name).append("_sum ").append(sum.sum()).append('\n');
      out.append(name).append("_count ").append(count.sum()).append('\n');
    }
  }
}

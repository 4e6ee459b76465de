package dev.etcdj.discovery.v2;

/** Whole seconds in Go's time.Duration text ("2s", "4m16s", "1h0m0s"). */
final class GoDurations {
  private GoDurations() {}

  static String seconds(long total) {
    long h = total / 3600;
    long m = (total % 3600) / 60;
    long s = total % 60;
    if (h > 0) {
      return h + "h" + m + "m" + s + "s";
    }
    if (m > 0) {
      return m + "m" + s + "s";
    }
    return s + "s";
  }
}

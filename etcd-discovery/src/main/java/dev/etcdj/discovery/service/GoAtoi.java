package dev.etcdj.discovery.service;

/** Go's strconv.Atoi, with its error texts (the /new handler answers them with 400). */
final class GoAtoi {
  private GoAtoi() {}

  static long parse(String s) {
    String digits = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
    if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new NumberFormatException("strconv.Atoi: parsing \"" + s + "\": invalid syntax");
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new NumberFormatException("strconv.Atoi: parsing \"" + s + "\": value out of range");
    }
  }
}

package io.cairn.chain;

import java.util.Locale;

/** Checks and normalises 20-byte hex addresses: {@code 0x} and 40 lower-case hex digits. */
final class Addresses {
  static final String ZERO = "0x0000000000000000000000000000000000000000";

  private Addresses() {}

  static String check(String address, String what) {
    if (address == null) {
      throw new IllegalArgumentException(what + " address is missing");
    }
    String a = address.strip();
    if (!a.startsWith("0x") && !a.startsWith("0X")
        || a.length() != 42
        || !a.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new IllegalArgumentException(
          what + " address '" + address + "' is not 0x followed by 40 hex digits");
    }
    return "0x" + a.substring(2).toLowerCase(Locale.ROOT);
  }
}

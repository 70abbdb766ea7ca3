package io.cairn.chain;

import java.util.HexFormat;

/**
 * Checks that the code deployed at an address is a committed contract's: the runtime code is the
 * tail of the committed BIN (creation code then runtime code), byte for byte, except the slots the
 * constructor fills with immutables, which the BIN holds as runs of at least 32 zero bytes.
 */
final class ContractCode {
  private ContractCode() {}

  /** Whether {@code code}, read with {@code eth_getCode}, is {@code contract}'s runtime code. */
  static boolean matches(String contract, byte[] code) {
    byte[] bin = HexFormat.of().parseHex(ContractAbi.bin(contract).strip());
    if (code.length == 0 || code.length > bin.length) {
      return false;
    }
    int off = bin.length - code.length;
    boolean[] slot = new boolean[code.length];
    for (int i = 0; i < code.length; ) {
      int j = i;
      while (j < code.length && bin[off + j] == 0) {
        j++;
      }
      if (j - i >= 32) {
        for (int k = i; k < j; k++) {
          slot[k] = true;
        }
      }
      i = j == i ? i + 1 : j;
    }
    for (int i = 0; i < code.length; i++) {
      if (code[i] != bin[off + i] && !slot[i]) {
        return false;
      }
    }
    return true;
  }
}

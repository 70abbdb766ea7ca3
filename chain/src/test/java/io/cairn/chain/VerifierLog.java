package io.cairn.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.web3j.abi.datatypes.Type;

/**
 * The registry's verifier log as the tests read it, and the compute market's draw over it done
 * here: the draw a dispute must make is the one the log as it stood at the dispute gives.
 */
@SuppressWarnings("rawtypes") // web3j's ABI API takes the raw Type
final class VerifierLog {
  /** The registry's {@code VERIFIER_EXIT_BLOCKS}. */
  static final long EXIT_BLOCKS = 512;

  private VerifierLog() {}

  /** One slot: its account, the block it joined the draws and the block it left (0: still in). */
  record Entry(String account, long joined, long left) {
    boolean open() {
      return left == 0;
    }
  }

  /** Every entry of the log of {@code registry}, in slot order. */
  static List<Entry> read(Web3ChainClient c, String registry) {
    int n =
        ((BigInteger) c.view(registry, Calls.view("verifierLogLength")).get(0).getValue())
            .intValueExact();
    List<Entry> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<Type> e =
          c.view(
              registry,
              Calls.fn(
                  "verifierEntry",
                  List.of(Calls.u256(BigInteger.valueOf(i))),
                  Calls.out(Calls.ADDRESS, Calls.U64, Calls.U64)));
      out.add(
          new Entry(
              Addresses.check((String) e.get(0).getValue(), "verifier"),
              ((BigInteger) e.get(1).getValue()).longValueExact(),
              ((BigInteger) e.get(2).getValue()).longValueExact()));
    }
    return out;
  }

  /**
   * The contract's draw for job {@code j}, done here from its seed (the {@code prevrandao} of its
   * draw block) and the log as it stood at the dispute: an entry counts when it was in the draws
   * throughout the dispute block.
   */
  static List<String> expectedDraw(
      MarketJob j, BigInteger seed, List<Entry> log, long disputeBlock) {
    BigInteger n = BigInteger.valueOf(log.size());
    List<String> out = new ArrayList<>();
    if (log.isEmpty()) {
      return out;
    }
    for (int attempt = 0; attempt < j.verifiers() * 8 && out.size() < j.verifiers(); attempt++) {
      int index = ComputeFixture.drawCandidate(seed, j.id(), attempt, n);
      Entry e = log.get(index);
      boolean in = e.joined() < disputeBlock && (e.left() == 0 || e.left() > disputeBlock);
      String v = e.account();
      if (in && !ComputeFixture.notDrawable(j, v, out)) {
        out.add(v);
      }
    }
    return out;
  }

  /** The {@code mixHash} ({@code prevrandao}) of block {@code block}. */
  static String mixHash(DevRpc rpc, long block) {
    Object b = rpc.call("eth_getBlockByNumber", "0x" + Long.toHexString(block), false);
    return String.valueOf(((Map<?, ?>) b).get("mixHash"));
  }
}

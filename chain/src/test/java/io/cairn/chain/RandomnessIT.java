package io.cairn.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.utils.Numeric;

/**
 * {@code Randomness.sol} on Anvil ({@code --hardfork prague}) through {@code RandomnessProbe}, fed
 * the headers {@link BlockHeaders} rebuilds: the prevrandao of recent blocks and of blocks only the
 * EIP-2935 history contract still knows, each refusal as its custom error, and the property the
 * markets rely on: re-mining a block with other transactions changes its hash, not its prevrandao.
 */
@Tag("chain")
class RandomnessIT {
  private static final String HISTORY = "0x0000F90827F1C53a10cb7A02335B175320002935";

  /** How far back the EIP-2935 history contract serves block hashes. */
  private static final long HISTORY_BLOCKS = 8191;

  private Probe probe;

  @BeforeEach
  void start() {
    probe = new Probe("RandomnessProbe");
  }

  @AfterEach
  void stop() {
    probe.close();
  }

  @Test
  void headersOfAnvilBlocksHashToTheirHashes() {
    transfer(1);
    probe.anvil.mine(2);
    for (long n = 0; n <= probe.blockNumber(); n++) {
      byte[] header = BlockHeaders.rlpHeader(probe.web3, n);
      assertThat(Numeric.toHexString(Hash.sha3(header)))
          .as("block %d", n)
          .isEqualTo(probe.block(n).get("hash"));
    }
  }

  @Test
  void prevrandaoOfARecentBlockIsItsMixHash() {
    transfer(7);
    long n = probe.blockNumber();
    probe.anvil.mine(3);
    Map<?, ?> block = probe.block(n);
    byte[] header = BlockHeaders.rlpHeader(probe.web3, n);

    assertThat(hex(blockHash(n))).isEqualTo(block.get("hash"));
    assertThat(prevrandaoOf(n, header)).isEqualTo(Numeric.toBigInt((String) block.get("mixHash")));
    assertThat(hex(mixHash(header))).isEqualTo(block.get("mixHash"));
  }

  @Test
  void prevrandaoOfABlock300BackComesFromTheHistoryContract() {
    assertThat(probe.code(HISTORY)).as("EIP-2935 history contract").isNotEqualTo("0x");
    transfer(3);
    long n = probe.blockNumber();
    Map<?, ?> block = probe.block(n);
    byte[] header = BlockHeaders.rlpHeader(probe.web3, n);
    BigInteger mix = Numeric.toBigInt((String) block.get("mixHash"));

    // eth_call at the latest block runs with block.number = head: the age is head - n
    for (long age : new long[] {256, 257, 300}) {
      mineTo(n + age);
      assertThat(hex(blockHash(n))).as("hash at age %d", age).isEqualTo(block.get("hash"));
      assertThat(prevrandaoOf(n, header)).as("prevrandao at age %d", age).isEqualTo(mix);
    }
  }

  @Test
  void refusesAnotherBlocksHeaderATamperedOneAndATruncatedOne() {
    probe.anvil.mine(5);
    long n = probe.blockNumber() - 2;
    byte[] header = BlockHeaders.rlpHeader(probe.web3, n);
    byte[] other = BlockHeaders.rlpHeader(probe.web3, n - 1);
    byte[] tampered = header.clone();
    tampered[tampered.length - 40] ^= 1;
    byte[] truncated = Arrays.copyOf(header, header.length - 1);

    assertRevert(() -> prevrandaoOf(n, other), "WrongHeader(" + n + ")");
    assertRevert(() -> prevrandaoOf(n, tampered), "WrongHeader(" + n + ")");
    assertRevert(() -> prevrandaoOf(n, truncated), "WrongHeader(" + n + ")");
    assertRevert(() -> mixHash(truncated), "MalformedHeader(\"list length\")");
    assertRevert(() -> mixHash(new byte[0]), "MalformedHeader(\"not a long RLP list\")");
  }

  @Test
  void refusesAFutureBlock() {
    probe.anvil.mine(3);
    long head = probe.blockNumber();
    byte[] header = BlockHeaders.rlpHeader(probe.web3, head);

    assertRevert(() -> prevrandaoOf(head + 5, header), "RandomnessNotYet(" + (head + 5) + ")");
    assertRevert(() -> blockHash(head + 1), "RandomnessNotYet(" + (head + 1) + ")");
  }

  @Test
  void refusesABlockOlderThanTheHistoryContractKeeps() {
    probe.anvil.mine(3);
    long n = probe.blockNumber() - 1;
    byte[] header = BlockHeaders.rlpHeader(probe.web3, n);
    BigInteger mix = Numeric.toBigInt((String) probe.block(n).get("mixHash"));

    mineTo(n + HISTORY_BLOCKS);
    assertThat(prevrandaoOf(n, header)).as("the oldest block the history keeps").isEqualTo(mix);
    mineTo(n + HISTORY_BLOCKS + 1);
    assertRevert(() -> prevrandaoOf(n, header), "RandomnessTooOld(" + n + ")");
    mineTo(n + 9_000);
    assertRevert(() -> prevrandaoOf(n, header), "RandomnessTooOld(" + n + ")");
    assertRevert(() -> blockHash(n), "RandomnessTooOld(" + n + ")");
  }

  @Test
  void reMiningABlockWithOtherTransactionsChangesItsHashNotItsPrevrandao() {
    probe.anvil.mine(2);
    long n = probe.blockNumber() + 1;
    String snapshot = (String) probe.dev.call("evm_snapshot");
    probe.dev.call("evm_setAutomine", false);
    transfer(1);
    transfer(2);
    probe.dev.call("evm_mine");
    Map<?, ?> first = probe.block(n);
    assertThat((List<?>) first.get("transactions")).hasSize(2);

    assertThat(probe.dev.revert(snapshot)).isTrue();
    assertThat(probe.blockNumber()).isEqualTo(n - 1);
    transfer(5);
    probe.dev.call("evm_mine");
    Map<?, ?> second = probe.block(n);
    assertThat((List<?>) second.get("transactions")).hasSize(1);

    assertThat(second.get("hash")).as("hash").isNotEqualTo(first.get("hash"));
    assertThat(second.get("mixHash")).as("mixHash").isEqualTo(first.get("mixHash"));
    probe.dev.call("evm_setAutomine", true);
    probe.anvil.mine(1);
    assertThat(prevrandaoOf(n, BlockHeaders.rlpHeader(probe.web3, n)))
        .isEqualTo(Numeric.toBigInt((String) first.get("mixHash")));
  }

  /** Mines empty blocks until the head is {@code block}, in steps a single RPC call finishes. */
  private void mineTo(long block) {
    for (long head = probe.blockNumber(); head < block; head = probe.blockNumber()) {
      probe.anvil.mine((int) Math.min(250, block - head));
    }
  }

  private void transfer(long wei) {
    List<String> keys = probe.anvil.devPrivateKeys();
    String from = org.web3j.crypto.Credentials.create(keys.get(1)).getAddress();
    String to = org.web3j.crypto.Credentials.create(keys.get(2)).getAddress();
    try {
      var r =
          probe
              .web3
              .ethSendTransaction(
                  Transaction.createEtherTransaction(
                      from, null, null, BigInteger.valueOf(21_000), to, BigInteger.valueOf(wei)))
              .send();
      assertThat(r.hasError()).as(() -> r.getError().getMessage()).isFalse();
    } catch (IOException e) {
      throw new ChainException("eth_sendTransaction failed: " + e.getMessage(), e);
    }
  }

  private static void assertRevert(Runnable call, String reason) {
    assertThatThrownBy(call::run)
        .isInstanceOf(ChainException.class)
        .extracting(e -> ((ChainException) e).reason())
        .isEqualTo(reason);
  }

  private static String hex(byte[] b) {
    return Numeric.toHexString(b);
  }

  private byte[] blockHash(long n) {
    return (byte[]) one("blockHash", List.of(Calls.u256(n)), new TypeReference<Bytes32>() {});
  }

  private BigInteger prevrandaoOf(long n, byte[] header) {
    return (BigInteger)
        one("prevrandaoOf", List.of(Calls.u256(n), new DynamicBytes(header)), Calls.U256);
  }

  private byte[] mixHash(byte[] header) {
    return (byte[])
        one("mixHash", List.of(new DynamicBytes(header)), new TypeReference<Bytes32>() {});
  }

  @SuppressWarnings("rawtypes")
  private Object one(String name, List<Type> in, TypeReference<?> out) {
    return probe.call(new Function(name, in, List.of(out))).get(0).getValue();
  }
}

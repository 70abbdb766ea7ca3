package io.cairn.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.proofs.PieceCid;
import io.cairn.proofs.ProofBundle;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.utils.Numeric;

/** The proofs module's provePeriod calldata is what web3j's ABI encoder makes of the same call. */
class ProvePeriodCalldataTest {
  @Test
  void matchesWeb3jsEncodingForRandomBundles() {
    Random random = new Random(12);
    for (int round = 0; round < 20; round++) {
      int height = 2 + random.nextInt(20);
      int count = 1 + random.nextInt(6);
      byte[] root = bytes(random);
      PieceCid piece = new PieceCid(0, height, root);
      List<ProofBundle.Proof> proofs = new ArrayList<>();
      List<DynamicStruct> structs = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        byte[] leaf = bytes(random);
        byte[][] path = new byte[height][];
        List<Bytes32> siblings = new ArrayList<>();
        for (int j = 0; j < height; j++) {
          path[j] = bytes(random);
          siblings.add(new Bytes32(path[j]));
        }
        proofs.add(new ProofBundle.Proof(leaf, path));
        structs.add(
            new DynamicStruct(new Bytes32(leaf), new DynamicArray<>(Bytes32.class, siblings)));
      }
      byte[] header = new byte[1 + random.nextInt(700)];
      random.nextBytes(header);
      ProofBundle bundle =
          new ProofBundle(random.nextInt(100), bytes(random), List.of(piece), proofs);

      Function f =
          new Function(
              "provePeriod",
              List.of(
                  new Uint256(bundle.setId()),
                  new DynamicBytes(header),
                  new DynamicArray<>(DynamicStruct.class, structs)),
              List.of());
      assertThat(Numeric.toHexString(bundle.calldata(header))).isEqualTo(FunctionEncoder.encode(f));
    }
  }

  private static byte[] bytes(Random random) {
    byte[] b = new byte[32];
    random.nextBytes(b);
    b[31] &= 0x3f;
    return b;
  }
}

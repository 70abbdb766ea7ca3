package io.cairn.node.market;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Storages;
import java.math.BigInteger;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A verifier's commitment survives a restart, so the reveal after it matches the commit. */
class SaltStoreTest {
  @TempDir Path tmp;

  @Test
  void theSaltCommittedBeforeARestartIsTheOneRevealedAfterIt() {
    BigInteger job = BigInteger.valueOf(7);
    byte[] output = {1, 85, 18, 32, 9, 9};
    SaltStore.Committed before;
    try (Storage s = Storages.open(StorageOptions.defaults(tmp))) {
      SaltStore salts = new SaltStore(s.table(SaltStore.TABLE));
      before = salts.remember(job, output, 1234);
      // Asked again for the same result (a commit retried), it gives the same salt.
      assertThat(salts.remember(job, output, 1234).salt()).isEqualTo(before.salt());
    }
    try (Storage s = Storages.open(StorageOptions.defaults(tmp))) {
      SaltStore salts = new SaltStore(s.table(SaltStore.TABLE));
      SaltStore.Committed after = salts.get(job).orElseThrow();
      assertThat(after.salt()).hasSize(32).isEqualTo(before.salt());
      assertThat(after.outputCid()).isEqualTo(output);
      assertThat(after.fuelUsed()).isEqualTo(1234);
      assertThat(salts.get(BigInteger.valueOf(8))).isEmpty();
      salts.forget(job);
      assertThat(salts.get(job)).isEmpty();
    }
  }

  @Test
  void eachJobGetsItsOwnRandomSalt() {
    try (Storage s = Storages.open(StorageOptions.defaults(tmp))) {
      SaltStore salts = new SaltStore(s.table(SaltStore.TABLE));
      byte[] a = salts.remember(BigInteger.ONE, new byte[] {1}, 1).salt();
      byte[] b = salts.remember(BigInteger.TWO, new byte[] {1}, 1).salt();
      assertThat(a).isNotEqualTo(b);
    }
  }
}

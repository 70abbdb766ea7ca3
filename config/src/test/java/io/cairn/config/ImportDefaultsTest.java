package io.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.storage.HashFunction;
import org.junit.jupiter.api.Test;

class ImportDefaultsTest {
  private static ImportDefaults flags(Integer cidVersion, Boolean rawLeaves, String hash) {
    return new ImportDefaults(
        cidVersion, rawLeaves, null, hash, null, null, null, null, null, null, null, null);
  }

  @Test
  void unsetResolvesToKubosDefaults() {
    ImportDefaults.Resolved r = ImportDefaults.UNSET.resolve();
    assertThat(r)
        .isEqualTo(
            new ImportDefaults.Resolved(
                0,
                false,
                "size-262144",
                HashFunction.SHA2_256,
                174,
                0,
                256,
                262144,
                "links",
                false,
                128,
                100L << 20));
  }

  @Test
  void cidV1TurnsRawLeavesOnUnlessTheyAreSet() {
    assertThat(flags(1, null, null).resolve().rawLeaves()).isTrue();
    assertThat(flags(1, false, null).resolve().rawLeaves()).isFalse();
    assertThat(flags(0, true, null).resolve().rawLeaves()).isTrue();
  }

  @Test
  void anotherHashThanSha256NeedsCidV1() {
    ImportDefaults.Resolved r = flags(null, null, "blake3").resolve();
    assertThat(r.cidVersion()).isEqualTo(1);
    assertThat(r.rawLeaves()).isTrue();
    assertThat(r.hashFunction()).isEqualTo(HashFunction.BLAKE3);
    assertThatThrownBy(() -> flags(0, null, "sha2-512").resolve())
        .hasMessage("CIDv0 only supports sha2-256, not sha2-512; use CID version 1");
  }

  @Test
  void flagsOverrideTheConfig() {
    ImportDefaults config = flags(1, null, null);
    ImportDefaults.Resolved r = config.overriddenBy(flags(0, null, null)).resolve();
    assertThat(r.cidVersion()).isEqualTo(0);
    assertThat(r.rawLeaves()).isFalse();
    assertThat(config.overriddenBy(ImportDefaults.UNSET)).isEqualTo(config);
  }

  @Test
  void profilesSetTheIpip499Settings() {
    ObjectNode tree = TestConfigs.defaults();
    Profiles.apply("unixfs-v1-2025", tree);
    assertThat(TestConfigs.read(tree).importDefaults().resolve())
        .isEqualTo(
            new ImportDefaults.Resolved(
                1,
                true,
                "size-1048576",
                HashFunction.SHA2_256,
                1024,
                0,
                256,
                262144,
                "block",
                false,
                128,
                100L << 20));
    Profiles.apply("legacy-cid-v0", tree);
    ImportDefaults legacy = TestConfigs.read(tree).importDefaults();
    assertThat(legacy.cidVersion()).isEqualTo(0);
    assertThat(legacy.rawLeaves()).isFalse();
    assertThat(legacy.resolve())
        .isEqualTo(
            new ImportDefaults.Resolved(
                0,
                false,
                "size-262144",
                HashFunction.SHA2_256,
                174,
                0,
                256,
                262144,
                "links",
                false,
                128,
                100L << 20));
  }

  @Test
  void acceptsKubosChunkerForms() {
    for (String chunker :
        new String[] {"size-262144", "size-1", "size-2096896", "rabin-1024-2048-4096", "buzhash"}) {
      assertThat(
              new ImportDefaults(
                      null, null, chunker, null, null, null, null, null, null, null, null, null)
                  .chunker())
          .isEqualTo(chunker);
    }
  }

  @Test
  void trickleLayoutIsResolved() {
    ImportDefaults trickle =
        new ImportDefaults(
            null, null, null, null, null, null, null, null, null, "trickle", null, null);
    assertThat(trickle.resolve().trickle()).isTrue();
  }
}

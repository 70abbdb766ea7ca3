package io.cairn.storage.unixfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.HashFunction;
import org.junit.jupiter.api.Test;

/** Flags resolve as Kubo's {@code UnixfsAddOptions} and {@code ipfs add} resolve them. */
class ImportOptionsTest {
  private static final ImportOptions D = ImportOptions.defaults();

  @Test
  void defaultsAreCidV0WithDagPbLeaves() {
    assertThat(D.effectiveCidVersion()).isZero();
    assertThat(D.effectiveRawLeaves()).isFalse();
    assertThat(D.chunker()).isEqualTo(ChunkerSpec.fixed(262144));
    assertThat(D.maxLinks()).isEqualTo(174);
    assertThat(D.shardStrategy()).isEqualTo(ImportOptions.ShardStrategy.LINKS_BYTES);
  }

  @Test
  void cidVersionOneImpliesRawLeavesUnlessGiven() {
    assertThat(D.withCidVersion(1).effectiveRawLeaves()).isTrue();
    assertThat(D.withCidVersion(1).withRawLeaves(false).effectiveRawLeaves()).isFalse();
    assertThat(D.withRawLeaves(true).effectiveCidVersion()).isZero();
  }

  @Test
  void aHashOtherThanSha256MovesToCidV1() {
    ImportOptions o = D.withHash(HashFunction.BLAKE2B_256);
    assertThat(o.effectiveCidVersion()).isEqualTo(1);
    assertThat(o.effectiveRawLeaves()).isTrue();
    assertThatThrownBy(() -> D.withCidVersion(0).withHash(HashFunction.SHA2_512))
        .hasMessage("CIDv0 only supports sha2-256");
  }

  @Test
  void profilesSetVersionAndLeavesExplicitly() {
    ImportOptions v0 = ImportOptions.profile(Profile.UNIXFS_V0_2015);
    // Kubo with the legacy profile and --cid-version=1 keeps dag-pb leaves.
    assertThat(v0.withCidVersion(1).effectiveRawLeaves()).isFalse();
    assertThatThrownBy(() -> v0.withHash(HashFunction.SHA2_512))
        .hasMessage("CIDv0 only supports sha2-256");
    ImportOptions v1 = ImportOptions.profile(Profile.UNIXFS_V1_2025);
    assertThat(v1.effectiveCidVersion()).isEqualTo(1);
    assertThat(v1.effectiveRawLeaves()).isTrue();
    assertThat(v1.chunker()).isEqualTo(ChunkerSpec.fixed(1 << 20));
    assertThat(v1.maxLinks()).isEqualTo(1024);
    assertThat(v1.shardStrategy()).isEqualTo(ImportOptions.ShardStrategy.BLOCK_BYTES);
  }

  @Test
  void metadataTurnsRawLeavesOffOrFailsWhenTheyWereAskedFor() {
    assertThat(D.withCidVersion(1).withPreserveMtime(true).effectiveRawLeaves()).isFalse();
    assertThatThrownBy(() -> D.withRawLeaves(true).withPreserveMode(true))
        .hasMessage("raw-leaves can't be used with UnixFS metadata like mode or modification time");
    assertThatThrownBy(() -> ImportOptions.profile(Profile.UNIXFS_V1_2025).withPreserveMode(true))
        .hasMessageContaining("raw-leaves can't be used");
  }

  @Test
  void rejectsOutOfRangeValues() {
    assertThatThrownBy(() -> D.withCidVersion(2)).hasMessage("unknown CID version: 2");
    assertThatThrownBy(() -> D.withInlineLimit(129))
        .hasMessage("inline-limit 129 exceeds maximum allowed size of 128 bytes");
    // Kubo's --hash=identity is accepted (t0046); its CIDs are CIDv1 with raw leaves.
    assertThat(D.withHash(HashFunction.IDENTITY).effectiveCidVersion()).isEqualTo(1);
    assertThatThrownBy(() -> D.withMaxLinks(1)).hasMessageContaining("at least 2 links");
    assertThatThrownBy(() -> D.withHamtFanout(100)).hasMessageContaining("power of 2");
    assertThatThrownBy(() -> D.withShardThresholdBytes(-1)).hasMessageContaining("negative");
    assertThatThrownBy(() -> D.withChunker("size-0"))
        .hasMessage("chunker size must be greater than 0");
  }

  @Test
  void namesProfilesAndStrategiesAsTheSpecDoes() {
    assertThat(Profile.forName("unixfs-v1-2025")).isEqualTo(Profile.UNIXFS_V1_2025);
    assertThat(Profile.forName("legacy-cid-v0")).isEqualTo(Profile.UNIXFS_V0_2015);
    assertThat(Profile.UNIXFS_V0_2015).hasToString("unixfs-v0-2015");
    assertThatThrownBy(() -> Profile.forName("v2"))
        .hasMessage("unknown import profile 'v2'; known: unixfs-v0-2015, unixfs-v1-2025");
    assertThat(ImportOptions.ShardStrategy.forName("block"))
        .isEqualTo(ImportOptions.ShardStrategy.BLOCK_BYTES);
    assertThat(ImportOptions.ShardStrategy.LINKS_BYTES.specName()).isEqualTo("links-bytes");
  }
}

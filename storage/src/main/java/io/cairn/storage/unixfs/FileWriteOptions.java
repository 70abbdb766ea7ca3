package io.cairn.storage.unixfs;

import io.cairn.storage.HashFunction;

/**
 * The options of Kubo's {@code ipfs files write} that shape the file's DAG, and the {@code Import}
 * settings it reads. Null means not given.
 *
 * @param offset byte offset to begin writing at ({@code --offset}); past the end, the gap is zeros
 * @param truncate truncate the file to size zero before writing ({@code --truncate})
 * @param count write at most this many bytes of the input ({@code --count}); null for all of it
 * @param rawLeaves raw blocks for new leaves ({@code --raw-leaves}); when null, {@code
 *     configRawLeaves} decides, and when that is null too, raw leaves are on for a CIDv1 file
 * @param configRawLeaves {@code Import.UnixFSRawLeaves} when set in the config
 * @param cidVersion CID version of a file created here ({@code --cid-version})
 * @param hash hash function of a file created here ({@code --hash}); alone, it means CIDv1
 * @param chunker how new data is split into leaves: the MFS chunker, {@code Import.UnixFSChunker}
 *     (Kubo's default {@code size-262144} when null)
 */
public record FileWriteOptions(
    long offset,
    boolean truncate,
    Long count,
    Boolean rawLeaves,
    Boolean configRawLeaves,
    Integer cidVersion,
    HashFunction hash,
    ChunkerSpec chunker) {

  public FileWriteOptions {
    if (offset < 0) {
      throw new IllegalArgumentException("cannot have negative write offset: " + offset);
    }
    if (count != null && count < 0) {
      throw new IllegalArgumentException("cannot have negative byte count: " + count);
    }
    CidPrefix.ofFlags(cidVersion, hash); // rejects an unknown version, or CIDv0 with another hash
    if (chunker == null) {
      chunker = ChunkerSpec.fixed(ChunkerSpec.DEFAULT_SIZE);
    }
  }

  /** {@code files write} without options: write all the input at offset 0. */
  public static FileWriteOptions defaults() {
    return new FileWriteOptions(0, false, null, null, null, null, null, null);
  }

  /** The prefix {@code --cid-version} and {@code --hash} ask for; null when neither is given. */
  public CidPrefix prefix() {
    return CidPrefix.ofFlags(cidVersion, hash);
  }

  /** The raw-leaves choice after the config (Kubo: the flag, else Import.UnixFSRawLeaves). */
  public Boolean effectiveRawLeaves() {
    return rawLeaves != null ? rawLeaves : configRawLeaves;
  }

  public FileWriteOptions withOffset(long v) {
    return new FileWriteOptions(
        v, truncate, count, rawLeaves, configRawLeaves, cidVersion, hash, chunker);
  }

  public FileWriteOptions withTruncate(boolean v) {
    return new FileWriteOptions(
        offset, v, count, rawLeaves, configRawLeaves, cidVersion, hash, chunker);
  }

  public FileWriteOptions withCount(Long v) {
    return new FileWriteOptions(
        offset, truncate, v, rawLeaves, configRawLeaves, cidVersion, hash, chunker);
  }

  public FileWriteOptions withRawLeaves(Boolean v) {
    return new FileWriteOptions(
        offset, truncate, count, v, configRawLeaves, cidVersion, hash, chunker);
  }

  public FileWriteOptions withConfigRawLeaves(Boolean v) {
    return new FileWriteOptions(offset, truncate, count, rawLeaves, v, cidVersion, hash, chunker);
  }

  public FileWriteOptions withCidVersion(Integer v) {
    return new FileWriteOptions(
        offset, truncate, count, rawLeaves, configRawLeaves, v, hash, chunker);
  }

  public FileWriteOptions withHash(HashFunction v) {
    return new FileWriteOptions(
        offset, truncate, count, rawLeaves, configRawLeaves, cidVersion, v, chunker);
  }

  public FileWriteOptions withChunker(ChunkerSpec v) {
    return new FileWriteOptions(
        offset, truncate, count, rawLeaves, configRawLeaves, cidVersion, hash, v);
  }
}

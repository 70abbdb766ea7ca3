package io.cairn.config;

import io.cairn.storage.HashFunction;
import java.util.Set;

/**
 * The {@code Import} section: defaults for {@code add} and the other commands that import data,
 * following Kubo's config keys and IPIP-499's profiles. A null field is unset (Kubo writes {@code
 * null}) and leaves the choice to the command's flags or the built-in default; {@link #resolve()}
 * applies Kubo's rules for that.
 *
 * @param cidVersion {@code Import.CidVersion}: 0 or 1
 * @param rawLeaves {@code Import.UnixFSRawLeaves}
 * @param chunker {@code Import.UnixFSChunker}: {@code size-N}, {@code rabin-MIN-AVG-MAX} or {@code
 *     buzhash}
 * @param hashFunction {@code Import.HashFunction}: a multihash name such as {@code sha2-256}
 * @param fileMaxLinks {@code Import.UnixFSFileMaxLinks}
 * @param directoryMaxLinks {@code Import.UnixFSDirectoryMaxLinks} (0: no limit)
 * @param hamtMaxFanout {@code Import.UnixFSHAMTDirectoryMaxFanout}: a power of 2 from 8 to 1024
 * @param hamtShardingSize {@code Import.UnixFSHAMTDirectorySizeThreshold} in bytes
 * @param hamtSizeEstimation {@code Import.UnixFSHAMTDirectorySizeEstimation}: {@code links}, {@code
 *     block} or {@code disabled}
 * @param dagLayout {@code Import.UnixFSDAGLayout}: {@code balanced} or {@code trickle}
 * @param batchMaxNodes {@code Import.BatchMaxNodes}
 * @param batchMaxSize {@code Import.BatchMaxSize} in bytes
 */
public record ImportDefaults(
    Integer cidVersion,
    Boolean rawLeaves,
    String chunker,
    String hashFunction,
    Integer fileMaxLinks,
    Integer directoryMaxLinks,
    Integer hamtMaxFanout,
    Long hamtShardingSize,
    String hamtSizeEstimation,
    String dagLayout,
    Integer batchMaxNodes,
    Long batchMaxSize) {

  /** Nothing set: Kubo's built-in defaults apply (the unixfs-v0-2015 profile). */
  public static final ImportDefaults UNSET =
      new ImportDefaults(null, null, null, null, null, null, null, null, null, null, null, null);

  /**
   * The largest fixed chunk size Kubo accepts: 2 MiB less 256 bytes of framing, so blocks stay
   * within the 2 MiB that Bitswap peers transfer.
   */
  public static final int MAX_CHUNK_SIZE = 2 * 1024 * 1024 - 256;

  // Kubo's config/import.go defaults.
  static final int DEFAULT_CID_VERSION = 0;
  static final String DEFAULT_CHUNKER = "size-262144";
  static final String DEFAULT_HASH = "sha2-256";
  static final int DEFAULT_FILE_MAX_LINKS = 174;
  static final int DEFAULT_DIRECTORY_MAX_LINKS = 0;
  static final int DEFAULT_HAMT_FANOUT = 256;
  static final long DEFAULT_HAMT_SHARDING_SIZE = 256 * 1024;
  static final String DEFAULT_SIZE_ESTIMATION = "links";
  static final String DEFAULT_LAYOUT = "balanced";
  static final int DEFAULT_BATCH_MAX_NODES = 128;
  static final long DEFAULT_BATCH_MAX_SIZE = 100L << 20; // Kubo's DefaultBatchMaxSize

  public ImportDefaults {
    if (cidVersion != null && cidVersion != 0 && cidVersion != 1) {
      throw new IllegalArgumentException("Import.CidVersion must be 0 or 1, not " + cidVersion);
    }
    if (chunker != null) {
      checkChunker(chunker);
    }
    if (hashFunction != null) {
      HashFunction f;
      try {
        f = HashFunction.forName(hashFunction);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Import.HashFunction: " + e.getMessage(), e);
      }
      if (f == HashFunction.IDENTITY) {
        throw new IllegalArgumentException(
            "Import.HashFunction \"identity\" is not allowed for imported data");
      }
    }
    if (fileMaxLinks != null && fileMaxLinks <= 0) {
      throw new IllegalArgumentException(
          "Import.UnixFSFileMaxLinks must be positive, not " + fileMaxLinks);
    }
    if (directoryMaxLinks != null && directoryMaxLinks < 0) {
      throw new IllegalArgumentException(
          "Import.UnixFSDirectoryMaxLinks must not be negative, not " + directoryMaxLinks);
    }
    if (hamtMaxFanout != null
        && (hamtMaxFanout < 8 || hamtMaxFanout > 1024 || Integer.bitCount(hamtMaxFanout) != 1)) {
      throw new IllegalArgumentException(
          "Import.UnixFSHAMTDirectoryMaxFanout must be a power of 2 from 8 to 1024, not "
              + hamtMaxFanout);
    }
    if (hamtShardingSize != null && hamtShardingSize < 0) {
      throw new IllegalArgumentException(
          "Import.UnixFSHAMTDirectorySizeThreshold must not be negative");
    }
    if (hamtSizeEstimation != null
        && !Set.of("links", "block", "disabled").contains(hamtSizeEstimation)) {
      throw new IllegalArgumentException(
          "Import.UnixFSHAMTDirectorySizeEstimation must be links, block or disabled, not \""
              + hamtSizeEstimation
              + "\"");
    }
    if (dagLayout != null && !Set.of("balanced", "trickle").contains(dagLayout)) {
      throw new IllegalArgumentException(
          "Import.UnixFSDAGLayout must be balanced or trickle, not \"" + dagLayout + "\"");
    }
    if (batchMaxNodes != null && batchMaxNodes <= 0) {
      throw new IllegalArgumentException(
          "Import.BatchMaxNodes must be positive, not " + batchMaxNodes);
    }
    if (batchMaxSize != null && batchMaxSize <= 0) {
      throw new IllegalArgumentException(
          "Import.BatchMaxSize must be positive, not " + batchMaxSize);
    }
  }

  /**
   * These defaults with every non-null field of {@code flags} in place of the config's: the way a
   * command's flags override the config.
   */
  public ImportDefaults overriddenBy(ImportDefaults flags) {
    return new ImportDefaults(
        pick(flags.cidVersion, cidVersion),
        pick(flags.rawLeaves, rawLeaves),
        pick(flags.chunker, chunker),
        pick(flags.hashFunction, hashFunction),
        pick(flags.fileMaxLinks, fileMaxLinks),
        pick(flags.directoryMaxLinks, directoryMaxLinks),
        pick(flags.hamtMaxFanout, hamtMaxFanout),
        pick(flags.hamtShardingSize, hamtShardingSize),
        pick(flags.hamtSizeEstimation, hamtSizeEstimation),
        pick(flags.dagLayout, dagLayout),
        pick(flags.batchMaxNodes, batchMaxNodes),
        pick(flags.batchMaxSize, batchMaxSize));
  }

  /**
   * The settings an import uses, by Kubo's rules: unset values take Kubo's defaults; a hash other
   * than sha2-256 needs CIDv1 (and an unset CID version becomes 1); raw leaves default to on for
   * CIDv1 and off for CIDv0.
   *
   * @throws IllegalArgumentException if CIDv0 is asked for with another hash than sha2-256
   */
  public Resolved resolve() {
    HashFunction hash = HashFunction.forName(pick(hashFunction, DEFAULT_HASH));
    int version;
    if (hash != HashFunction.SHA2_256) {
      if (cidVersion != null && cidVersion == 0) {
        throw new IllegalArgumentException(
            "CIDv0 only supports sha2-256, not " + hash.hashName() + "; use CID version 1");
      }
      version = 1;
    } else {
      version = pick(cidVersion, DEFAULT_CID_VERSION);
    }
    return new Resolved(
        version,
        rawLeaves != null ? rawLeaves : version > 0,
        pick(chunker, DEFAULT_CHUNKER),
        hash,
        pick(fileMaxLinks, DEFAULT_FILE_MAX_LINKS),
        pick(directoryMaxLinks, DEFAULT_DIRECTORY_MAX_LINKS),
        pick(hamtMaxFanout, DEFAULT_HAMT_FANOUT),
        pick(hamtShardingSize, DEFAULT_HAMT_SHARDING_SIZE),
        pick(hamtSizeEstimation, DEFAULT_SIZE_ESTIMATION),
        pick(dagLayout, DEFAULT_LAYOUT).equals("trickle"),
        pick(batchMaxNodes, DEFAULT_BATCH_MAX_NODES),
        pick(batchMaxSize, DEFAULT_BATCH_MAX_SIZE));
  }

  /**
   * The settings of one import, every choice made.
   *
   * @param trickle whether files use the trickle layout rather than the balanced one
   */
  public record Resolved(
      int cidVersion,
      boolean rawLeaves,
      String chunker,
      HashFunction hashFunction,
      int fileMaxLinks,
      int directoryMaxLinks,
      int hamtMaxFanout,
      long hamtShardingSize,
      String hamtSizeEstimation,
      boolean trickle,
      int batchMaxNodes,
      long batchMaxSize) {}

  private static <T> T pick(T preferred, T fallback) {
    return preferred != null ? preferred : fallback;
  }

  /** Kubo's chunker syntax: {@code size-N}, {@code rabin-MIN-AVG-MAX} or {@code buzhash}. */
  private static void checkChunker(String chunker) {
    String expected = " (expected \"size-<bytes>\", \"rabin-<min>-<avg>-<max>\" or \"buzhash\")";
    if (chunker.equals("buzhash")) {
      return;
    }
    String[] parts = chunker.split("-", -1);
    long[] values = new long[parts.length - 1];
    for (int i = 1; i < parts.length; i++) {
      if (parts[i].isEmpty() || !parts[i].chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException(
            "Import.UnixFSChunker \"" + chunker + "\" is not valid" + expected);
      }
      try {
        values[i - 1] = Long.parseLong(parts[i]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Import.UnixFSChunker \"" + chunker + "\" is too large");
      }
    }
    long max;
    if (parts[0].equals("size") && values.length == 1 && values[0] > 0) {
      max = values[0];
    } else if (parts[0].equals("rabin")
        && values.length == 3
        && values[0] <= values[1]
        && values[1] <= values[2]) {
      max = values[2];
    } else {
      throw new IllegalArgumentException(
          "Import.UnixFSChunker \"" + chunker + "\" is not valid" + expected);
    }
    if (max > MAX_CHUNK_SIZE) {
      throw new IllegalArgumentException(
          "Import.UnixFSChunker \""
              + chunker
              + "\" makes chunks larger than the limit of "
              + MAX_CHUNK_SIZE
              + " bytes");
    }
  }
}

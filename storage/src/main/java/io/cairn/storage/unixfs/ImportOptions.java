package io.cairn.storage.unixfs;

import io.cairn.storage.HashFunction;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Every parameter of a UnixFS import that changes its CIDs, resolved the way Kubo resolves {@code
 * ipfs add} flags.
 *
 * <p>{@code cidVersion} and {@code rawLeaves} are null when not given, because Kubo derives them:
 * an unset CID version is 0, or 1 for a hash other than sha2-256; unset raw leaves follow the CID
 * version (CIDv1 means raw leaves). Storing a mode or mtime turns raw leaves off, and is an error
 * when raw leaves were asked for explicitly. See {@link #effectiveCidVersion()} and {@link
 * #effectiveRawLeaves()}.
 *
 * @param cidVersion 0, 1, or null for Kubo's default
 * @param rawLeaves whether leaves are raw blocks; null for Kubo's default
 * @param chunker how file bytes are split
 * @param layout the shape of file DAGs
 * @param maxLinks the most links in a file node (Kubo {@code --max-file-links}; at least 2)
 * @param hash the multihash function of every block
 * @param inline whether blocks up to {@code inlineLimit} bytes get identity CIDs (Kubo {@code
 *     --inline})
 * @param inlineLimit the largest inlined block (Kubo {@code --inline-limit}, at most 128)
 * @param wrapWithDirectory whether all top-level entries go into one directory (Kubo {@code -w})
 * @param shardThresholdBytes a directory estimated above this size becomes a HAMT shard; 0 never
 * @param shardStrategy how a directory's size is estimated
 * @param hamtFanout children per HAMT shard node: a power of two from 8 to 1024
 * @param preserveMode whether entries' permissions are stored
 * @param preserveMtime whether entries' modification times are stored
 * @param mode the permissions stored on every file and directory (not symlinks) whose own are not
 *     preserved (Kubo {@code --mode}); null for none
 * @param mtime the modification time stored on every entry whose own is not preserved (Kubo {@code
 *     --mtime}, {@code --mtime-nsecs}); null for none
 * @param emptyDirs whether empty directories below a top-level directory are kept (Kubo {@code
 *     --empty-dirs})
 */
public record ImportOptions(
    Integer cidVersion,
    Boolean rawLeaves,
    ChunkerSpec chunker,
    Layout layout,
    int maxLinks,
    HashFunction hash,
    boolean inline,
    int inlineLimit,
    boolean wrapWithDirectory,
    long shardThresholdBytes,
    ShardStrategy shardStrategy,
    int hamtFanout,
    boolean preserveMode,
    boolean preserveMtime,
    Integer mode,
    Instant mtime,
    boolean emptyDirs) {

  /** The largest block {@code --inline} may inline (boxo {@code verifcid}). */
  public static final int MAX_INLINE_LIMIT = 128;

  /** File DAG layouts. */
  public enum Layout {
    /** All leaves at the same depth (boxo {@code balanced}). */
    BALANCED,
    /** Leaves at growing depths for streaming reads (boxo {@code trickle}, layer repeat 4). */
    TRICKLE
  }

  /** How a directory's size is estimated against the HAMT threshold (IPIP-0499). */
  public enum ShardStrategy {
    /** Sum of link name and CID lengths (Kubo's legacy estimate, {@code links-bytes}). */
    LINKS_BYTES("links-bytes"),
    /** Serialized size of the directory block ({@code block-bytes}). */
    BLOCK_BYTES("block-bytes");

    private final String specName;

    ShardStrategy(String specName) {
      this.specName = specName;
    }

    public String specName() {
      return specName;
    }

    /** Accepts the spec names and Kubo's config values {@code links} and {@code block}. */
    public static ShardStrategy forName(String name) {
      return switch (name.strip().toLowerCase(Locale.ROOT)) {
        case "links-bytes", "links" -> LINKS_BYTES;
        case "block-bytes", "block" -> BLOCK_BYTES;
        default ->
            throw new IllegalArgumentException(
                "unknown HAMT size estimation '" + name + "'; known: links-bytes, block-bytes");
      };
    }
  }

  public ImportOptions {
    if (cidVersion != null && cidVersion != 0 && cidVersion != 1) {
      throw new IllegalArgumentException("unknown CID version: " + cidVersion);
    }
    Objects.requireNonNull(chunker, "chunker");
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(shardStrategy, "shardStrategy");
    if (hash != HashFunction.SHA2_256 && cidVersion != null && cidVersion == 0) {
      throw new IllegalArgumentException("CIDv0 only supports sha2-256");
    }
    if (mode != null && (mode <= 0 || mode > 07777)) {
      throw new IllegalArgumentException(
          "mode must be a permission from 1 to 07777 (octal), not 0" + Integer.toOctalString(mode));
    }
    // The fields are assigned after this body, so the parameters are read here.
    boolean metadata = preserveMode || preserveMtime || mode != null || mtime != null;
    if (metadata && Boolean.TRUE.equals(rawLeaves)) {
      throw new IllegalArgumentException(
          "raw-leaves can't be used with UnixFS metadata like mode or modification time");
    }
    if (maxLinks < 2) {
      throw new IllegalArgumentException(
          "a file node needs room for at least 2 links, not " + maxLinks);
    }
    if (inlineLimit < 0 || inlineLimit > MAX_INLINE_LIMIT) {
      throw new IllegalArgumentException(
          "inline-limit "
              + inlineLimit
              + " exceeds maximum allowed size of "
              + MAX_INLINE_LIMIT
              + " bytes");
    }
    if (shardThresholdBytes < 0) {
      throw new IllegalArgumentException(
          "HAMT threshold must not be negative: " + shardThresholdBytes);
    }
    if (hamtFanout < 8 || hamtFanout > 1024 || Integer.bitCount(hamtFanout) != 1) {
      throw new IllegalArgumentException(
          "HAMT fanout must be a power of 2 between 8 and 1024, not " + hamtFanout);
    }
  }

  /** Kubo's defaults with nothing configured; the CIDs of {@link Profile#UNIXFS_V0_2015}. */
  public static ImportOptions defaults() {
    return new ImportOptions(
        null,
        null,
        ChunkerSpec.fixed(ChunkerSpec.DEFAULT_SIZE),
        Layout.BALANCED,
        174,
        HashFunction.SHA2_256,
        false,
        32,
        false,
        256 * 1024,
        ShardStrategy.LINKS_BYTES,
        256,
        false,
        false,
        null,
        null,
        true);
  }

  /**
   * The options a Kubo node configured with {@code --profile=NAME} uses; the profile sets the CID
   * version and raw leaves explicitly, as Kubo's profile does.
   */
  public static ImportOptions profile(Profile profile) {
    ImportOptions d = defaults();
    return switch (profile) {
      case UNIXFS_V0_2015 -> d.withCidVersion(0).withRawLeaves(false);
      case UNIXFS_V1_2025 ->
          d.withCidVersion(1)
              .withRawLeaves(true)
              .withChunker(ChunkerSpec.fixed(1024 * 1024))
              .withMaxLinks(1024)
              .withShardStrategy(ShardStrategy.BLOCK_BYTES);
    };
  }

  /** The CID version of the dag-pb nodes. */
  public int effectiveCidVersion() {
    if (cidVersion != null) {
      return cidVersion;
    }
    return hash == HashFunction.SHA2_256 ? 0 : 1;
  }

  /** Whether leaves are raw blocks (always CIDv1) rather than dag-pb UnixFS nodes. */
  public boolean effectiveRawLeaves() {
    if (storesMetadata()) {
      return false;
    }
    return rawLeaves != null ? rawLeaves : effectiveCidVersion() == 1;
  }

  public ImportOptions withCidVersion(Integer v) {
    return with(c -> c.cidVersion = v);
  }

  public ImportOptions withRawLeaves(Boolean v) {
    return with(c -> c.rawLeaves = v);
  }

  public ImportOptions withChunker(ChunkerSpec v) {
    return with(c -> c.chunker = v);
  }

  /** Parses a Kubo chunker string; see {@link ChunkerSpec#parse}. */
  public ImportOptions withChunker(String v) {
    return withChunker(ChunkerSpec.parse(v));
  }

  public ImportOptions withLayout(Layout v) {
    return with(c -> c.layout = v);
  }

  public ImportOptions withMaxLinks(int v) {
    return with(c -> c.maxLinks = v);
  }

  public ImportOptions withHash(HashFunction v) {
    return with(c -> c.hash = v);
  }

  public ImportOptions withInline(boolean v) {
    return with(c -> c.inline = v);
  }

  public ImportOptions withInlineLimit(int v) {
    return with(c -> c.inlineLimit = v);
  }

  public ImportOptions withWrapWithDirectory(boolean v) {
    return with(c -> c.wrapWithDirectory = v);
  }

  public ImportOptions withShardThresholdBytes(long v) {
    return with(c -> c.shardThresholdBytes = v);
  }

  public ImportOptions withShardStrategy(ShardStrategy v) {
    return with(c -> c.shardStrategy = v);
  }

  public ImportOptions withHamtFanout(int v) {
    return with(c -> c.hamtFanout = v);
  }

  public ImportOptions withPreserveMode(boolean v) {
    return with(c -> c.preserveMode = v);
  }

  public ImportOptions withPreserveMtime(boolean v) {
    return with(c -> c.preserveMtime = v);
  }

  /** Whether a mode or mtime may be stored, which needs dag-pb leaves. */
  private boolean storesMetadata() {
    return preserveMode || preserveMtime || mode != null || mtime != null;
  }

  public ImportOptions withMode(Integer v) {
    return with(c -> c.mode = v);
  }

  public ImportOptions withMtime(Instant v) {
    return with(c -> c.mtime = v);
  }

  public ImportOptions withEmptyDirs(boolean v) {
    return with(c -> c.emptyDirs = v);
  }

  private ImportOptions with(Consumer<Copy> change) {
    Copy c = new Copy(this);
    change.accept(c);
    return c.build();
  }

  /** The fields of a copy being changed by one {@code with} method. */
  private static final class Copy {
    Integer cidVersion;
    Boolean rawLeaves;
    ChunkerSpec chunker;
    Layout layout;
    int maxLinks;
    HashFunction hash;
    boolean inline;
    int inlineLimit;
    boolean wrapWithDirectory;
    long shardThresholdBytes;
    ShardStrategy shardStrategy;
    int hamtFanout;
    boolean preserveMode;
    boolean preserveMtime;
    Integer mode;
    Instant mtime;
    boolean emptyDirs;

    Copy(ImportOptions o) {
      cidVersion = o.cidVersion;
      rawLeaves = o.rawLeaves;
      chunker = o.chunker;
      layout = o.layout;
      maxLinks = o.maxLinks;
      hash = o.hash;
      inline = o.inline;
      inlineLimit = o.inlineLimit;
      wrapWithDirectory = o.wrapWithDirectory;
      shardThresholdBytes = o.shardThresholdBytes;
      shardStrategy = o.shardStrategy;
      hamtFanout = o.hamtFanout;
      preserveMode = o.preserveMode;
      preserveMtime = o.preserveMtime;
      mode = o.mode;
      mtime = o.mtime;
      emptyDirs = o.emptyDirs;
    }

    ImportOptions build() {
      return new ImportOptions(
          cidVersion,
          rawLeaves,
          chunker,
          layout,
          maxLinks,
          hash,
          inline,
          inlineLimit,
          wrapWithDirectory,
          shardThresholdBytes,
          shardStrategy,
          hamtFanout,
          preserveMode,
          preserveMtime,
          mode,
          mtime,
          emptyDirs);
    }
  }
}

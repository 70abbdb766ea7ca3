package io.cairn.node.cli;

import io.cairn.config.ImportDefaults;
import io.cairn.storage.HashFunction;
import io.cairn.storage.unixfs.ChunkerSpec;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.ImportOptions.Layout;
import io.cairn.storage.unixfs.ImportOptions.ShardStrategy;
import picocli.CommandLine.Option;

/**
 * The {@code add} flags that change CIDs; unset ones fall back to the repo's {@code Import.*}
 * config.
 */
final class ImportFlags {
  @Option(
      names = "--cid-version",
      paramLabel = "N",
      description = "CID version (0 or 1); CIDv1 turns raw leaves on. Default: Import.CidVersion.")
  Integer cidVersion;

  @Option(
      names = "--hash",
      paramLabel = "NAME",
      description =
          "Hash function (see 'cairn cid hashes'); not sha2-256 implies CIDv1. Default: Import.HashFunction.")
  String hash;

  @Option(
      names = "--raw-leaves",
      negatable = true,
      description = "Store leaves as raw blocks (default: false for CIDv0, true for CIDv1).")
  Boolean rawLeaves;

  @Option(
      names = {"-s", "--chunker"},
      paramLabel = "SPEC",
      description =
          "size-BYTES, rabin-MIN-AVG-MAX or buzhash. Default: Import.UnixFSChunker (size-262144).")
  String chunker;

  @Option(
      names = {"-t", "--trickle"},
      description = "Use the trickle DAG layout.")
  boolean trickle;

  @Option(
      names = "--max-file-links",
      paramLabel = "N",
      description = "Most links per file node (default: 174).")
  Integer maxFileLinks;

  @Option(
      names = "--max-hamt-fanout",
      paramLabel = "N",
      description = "Fanout of sharded directories, a power of 2 from 8 to 1024 (default: 256).")
  Integer hamtFanout;

  @Option(names = "--inline", description = "Inline small blocks into identity CIDs.")
  boolean inline;

  @Option(
      names = "--inline-limit",
      paramLabel = "N",
      description = "Largest block to inline (default: 32, at most 128).")
  int inlineLimit = 32;

  @Option(names = "--preserve-mode", description = "Store file permissions (disables raw leaves).")
  boolean preserveMode;

  @Option(
      names = "--preserve-mtime",
      description = "Store modification times (disables raw leaves).")
  boolean preserveMtime;

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      description =
          "Import profile: unixfs-v0-2015 (Kubo's default) or unixfs-v1-2025; flags given alongside win.")
  String profile;

  /** The options: profile or the repo's Import config, then these flags on top. */
  ImportOptions resolve(ImportDefaults config) {
    ImportOptions o =
        profile != null
            ? ImportOptions.profile(io.cairn.storage.unixfs.Profile.forName(profile))
            : fromConfig(config);
    if (cidVersion != null) {
      o = o.withCidVersion(cidVersion);
    }
    if (hash != null) {
      o = o.withHash(HashFunction.forName(hash));
    }
    if (rawLeaves != null) {
      o = o.withRawLeaves(rawLeaves);
    }
    if (chunker != null) {
      o = o.withChunker(ChunkerSpec.parse(chunker));
    }
    if (trickle) {
      o = o.withLayout(Layout.TRICKLE);
    }
    if (maxFileLinks != null) {
      o = o.withMaxLinks(maxFileLinks);
    }
    if (hamtFanout != null) {
      o = o.withHamtFanout(hamtFanout);
    }
    return o.withInline(inline)
        .withInlineLimit(inlineLimit)
        .withPreserveMode(preserveMode)
        .withPreserveMtime(preserveMtime);
  }

  private static ImportOptions fromConfig(ImportDefaults c) {
    ImportOptions o = ImportOptions.defaults();
    if (c.cidVersion() != null) {
      o = o.withCidVersion(c.cidVersion());
    }
    if (c.hashFunction() != null) {
      o = o.withHash(HashFunction.forName(c.hashFunction()));
    }
    if (c.rawLeaves() != null) {
      o = o.withRawLeaves(c.rawLeaves());
    }
    if (c.chunker() != null) {
      o = o.withChunker(ChunkerSpec.parse(c.chunker()));
    }
    if (c.fileMaxLinks() != null) {
      o = o.withMaxLinks(c.fileMaxLinks());
    }
    if (c.hamtMaxFanout() != null) {
      o = o.withHamtFanout(c.hamtMaxFanout());
    }
    if (c.hamtShardingSize() != null) {
      o = o.withShardThresholdBytes(c.hamtShardingSize());
    }
    if (c.hamtSizeEstimation() != null) {
      o =
          c.hamtSizeEstimation().equals("disabled")
              ? o.withShardThresholdBytes(0)
              : o.withShardStrategy(ShardStrategy.forName(c.hamtSizeEstimation()));
    }
    if ("trickle".equals(c.dagLayout())) {
      o = o.withLayout(Layout.TRICKLE);
    }
    return o;
  }
}

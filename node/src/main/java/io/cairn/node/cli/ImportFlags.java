package io.cairn.node.cli;

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
      names = "--mode",
      paramLabel = "MODE",
      description =
          "Permissions to store on files and directories, e.g. 0644 (a leading 0 means octal; disables raw leaves).")
  String mode;

  @Option(
      names = "--mtime",
      paramLabel = "SECONDS",
      description =
          "Modification time to store, in seconds since the Unix epoch (disables raw leaves).")
  Long mtime;

  @Option(
      names = "--mtime-nsecs",
      paramLabel = "N",
      description = "Nanoseconds of the modification time (needs --mtime).")
  String mtimeNsecs;

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      description =
          "Import profile: unixfs-v0-2015 (Kubo's default) or unixfs-v1-2025; flags given alongside win.")
  String profile;

  /** Adds the flags that were given to an {@code add} request, under Kubo's option names. */
  void addTo(io.cairn.node.api.ApiRequest.Builder b) {
    b.option("cid-version", cidVersion)
        .option("hash", hash)
        .option("raw-leaves", rawLeaves)
        .option("chunker", chunker)
        .option("max-file-links", maxFileLinks)
        .option("max-hamt-fanout", hamtFanout)
        .option("profile", profile)
        .option("mode", mode)
        .option("mtime", mtime)
        .option("mtime-nsecs", mtimeNsecs)
        .option("inline-limit", inlineLimit);
    if (trickle) {
      b.option("trickle", true);
    }
    if (inline) {
      b.option("inline", true);
    }
    if (preserveMode) {
      b.option("preserve-mode", true);
    }
    if (preserveMtime) {
      b.option("preserve-mtime", true);
    }
  }
}

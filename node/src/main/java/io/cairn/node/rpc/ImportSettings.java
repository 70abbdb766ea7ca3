package io.cairn.node.rpc;

import io.cairn.config.ImportDefaults;
import io.cairn.node.api.ApiRequest;
import io.cairn.storage.HashFunction;
import io.cairn.storage.unixfs.ChunkerSpec;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.ImportOptions.Layout;
import io.cairn.storage.unixfs.ImportOptions.ShardStrategy;
import io.cairn.storage.unixfs.Profile;

/**
 * The import options of an {@code add}: the repo's {@code Import.*} config (or a {@code profile}
 * option), then the request's options on top, named as Kubo's {@code add} names them.
 */
public final class ImportSettings {
  private ImportSettings() {}

  static ImportOptions resolve(ApiRequest req, ImportDefaults config) {
    ImportOptions o =
        req.option("profile")
            .map(p -> ImportOptions.profile(Profile.forName(p)))
            .orElseGet(() -> fromConfig(config));
    if (req.number("cid-version").isPresent()) {
      o = o.withCidVersion(req.number("cid-version").get().intValue());
    }
    if (req.option("hash").isPresent()) {
      o = o.withHash(HashFunction.forName(req.option("hash").get()));
    }
    if (req.optionalFlag("raw-leaves").isPresent()) {
      o = o.withRawLeaves(req.optionalFlag("raw-leaves").get());
    }
    if (req.option("chunker", "s").isPresent()) {
      o = o.withChunker(ChunkerSpec.parse(req.option("chunker", "s").get()));
    }
    if (req.flag(false, "trickle", "t")) {
      o = o.withLayout(Layout.TRICKLE);
    }
    if (req.number("max-file-links").isPresent()) {
      o = o.withMaxLinks(req.number("max-file-links").get().intValue());
    }
    if (req.number("max-hamt-fanout").isPresent()) {
      o = o.withHamtFanout(req.number("max-hamt-fanout").get().intValue());
    }
    if (req.number("inline-limit").isPresent()) {
      o = o.withInlineLimit(req.number("inline-limit").get().intValue());
    }
    return o.withInline(req.flag(false, "inline"))
        .withPreserveMode(req.flag(false, "preserve-mode"))
        .withPreserveMtime(req.flag(false, "preserve-mtime"))
        .withWrapWithDirectory(req.flag(false, "wrap-with-directory", "w"))
        .withEmptyDirs(req.flag(true, "empty-dirs", "E"));
  }

  public static ImportOptions fromConfig(ImportDefaults c) {
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

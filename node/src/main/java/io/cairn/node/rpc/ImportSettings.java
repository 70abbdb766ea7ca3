package io.cairn.node.rpc;

import io.cairn.config.ImportDefaults;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.storage.HashFunction;
import io.cairn.storage.unixfs.ChunkerSpec;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.ImportOptions.Layout;
import io.cairn.storage.unixfs.ImportOptions.ShardStrategy;
import io.cairn.storage.unixfs.Profile;
import java.time.Instant;
import java.util.Optional;

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
    o = withModeAndMtime(o, req);
    return o.withInline(req.flag(false, "inline"))
        .withPreserveMode(req.flag(false, "preserve-mode"))
        .withPreserveMtime(req.flag(false, "preserve-mtime"))
        .withWrapWithDirectory(req.flag(false, "wrap-with-directory", "w"))
        .withEmptyDirs(req.flag(true, "empty-dirs", "E"));
  }

  /**
   * Kubo's {@code --mode} (an unsigned integer as Go reads one: {@code 0764} is octal), {@code
   * --mtime} and {@code --mtime-nsecs}; zero means not given, as in Kubo.
   */
  private static ImportOptions withModeAndMtime(ImportOptions o, ApiRequest req) {
    Optional<String> mode = req.option("mode");
    if (mode.isPresent()) {
      long m = goUint("mode", mode.get());
      if (m > 07777) {
        throw ApiException.client(
            "mode must be a permission up to 07777 (octal), not 0" + Long.toOctalString(m));
      }
      o = o.withMode(m == 0 ? null : (int) m);
    }
    long mtime = req.number("mtime").orElse(0L);
    long nsecs = req.option("mtime-nsecs").map(v -> goUint("mtime-nsecs", v)).orElse(0L);
    if (mtime == 0 && nsecs != 0) {
      throw ApiException.client("option \"mtime-nsecs\" requires \"mtime\" to be provided as well");
    }
    if (nsecs > 999_999_999) {
      throw ApiException.client("mtime-nsecs must be below 1000000000, not " + nsecs);
    }
    return mtime == 0 ? o : o.withMtime(Instant.ofEpochSecond(mtime, nsecs));
  }

  /** An unsigned integer with Go's base prefixes ({@code strconv.ParseUint(s, 0, 32)}). */
  static long goUint(String name, String value) {
    String s = value.strip().replace("_", "");
    int radix = 10;
    String lower = s.toLowerCase(java.util.Locale.ROOT);
    if (lower.startsWith("0x")) {
      radix = 16;
      s = s.substring(2);
    } else if (lower.startsWith("0o")) {
      radix = 8;
      s = s.substring(2);
    } else if (lower.startsWith("0b")) {
      radix = 2;
      s = s.substring(2);
    } else if (s.length() > 1 && s.startsWith("0")) {
      radix = 8;
      s = s.substring(1);
    }
    try {
      long v = Long.parseLong(s, radix);
      if (v < 0 || v > 0xFFFF_FFFFL || s.startsWith("-") || s.startsWith("+")) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw ApiException.client(
          "option '" + name + "' must be an unsigned integer, not \"" + value + "\"");
    }
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

package io.cairn.retrieval.p2p.fetch;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetch's state and policy: the lookup functions, each serving the identifiers that start with its
 * prefix, and the answer to a request. An identifier no lookup serves gets {@code ERROR}, one the
 * lookup does not hold {@code NOT_FOUND}, as js-libp2p answers; a lookup that throws gets {@code
 * ERROR} without the exception's text (it may name local state).
 */
final class FetchEngine {
  private static final Logger LOG = LoggerFactory.getLogger(FetchEngine.class);

  /** The text of the answer to an identifier no lookup serves. */
  static final String NO_LOOKUP = "No lookup function registered for key";

  private final FetchOptions options;
  private final Map<String, Fetch.Lookup> lookups = new ConcurrentHashMap<>();

  FetchEngine(FetchOptions options) {
    this.options = options;
  }

  FetchOptions options() {
    return options;
  }

  void register(String prefix, Fetch.Lookup lookup) {
    if (prefix.isEmpty()) {
      throw new IllegalArgumentException("a fetch lookup prefix must not be empty");
    }
    if (lookups.putIfAbsent(prefix, lookup) != null) {
      throw new IllegalArgumentException(
          "a fetch lookup for the prefix '" + prefix + "' is already registered");
    }
  }

  boolean unregister(String prefix) {
    return lookups.remove(prefix) != null;
  }

  /** The answer to a request for {@code identifier}. */
  FetchCodec.Response answer(byte[] identifier) {
    for (Map.Entry<String, Fetch.Lookup> e : lookups.entrySet()) {
      byte[] prefix = e.getKey().getBytes(StandardCharsets.UTF_8);
      if (identifier.length >= prefix.length
          && Arrays.equals(identifier, 0, prefix.length, prefix, 0, prefix.length)) {
        try {
          Optional<byte[]> value = e.getValue().find(identifier.clone());
          if (value.isEmpty()) {
            return FetchCodec.Response.notFound();
          }
          if (value.get().length > options.maxDataSize()) {
            LOG.debug("fetch: the value under prefix {} is over the answer limit", e.getKey());
            return FetchCodec.Response.error("value too large");
          }
          return FetchCodec.Response.ok(value.get());
        } catch (RuntimeException failed) {
          LOG.debug("fetch: the lookup of prefix {} failed: {}", e.getKey(), failed.toString());
          return FetchCodec.Response.error("lookup failed");
        }
      }
    }
    return FetchCodec.Response.error(NO_LOOKUP);
  }
}

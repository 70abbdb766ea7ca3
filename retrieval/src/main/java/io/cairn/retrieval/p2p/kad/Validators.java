package io.cairn.retrieval.p2p.kad;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The record validators of the DHT by namespace (a key {@code /ns/rest} is in namespace {@code ns},
 * as libp2p's {@code record.SplitKey} reads it). A key in a namespace without a validator is
 * refused: the DHT holds only values it can check.
 */
final class Validators {
  private final Map<String, RecordValidator> byNamespace = new ConcurrentHashMap<>();

  Validators() {
    byNamespace.put(PublicKeyValidator.NAMESPACE, new PublicKeyValidator());
  }

  void register(String namespace, RecordValidator validator) {
    if (namespace.isEmpty() || namespace.contains("/")) {
      throw new IllegalArgumentException("not a record namespace: '" + namespace + "'");
    }
    byNamespace.put(namespace, validator);
  }

  /** The namespace of a key, e.g. {@code ipns} for {@code /ipns/...}. */
  static String namespace(byte[] key) {
    if (key.length < 3 || key[0] != '/') {
      throw new IllegalArgumentException("a record key must start with /namespace/");
    }
    for (int i = 1; i < key.length; i++) {
      if (key[i] == '/') {
        if (i == 1) {
          break;
        }
        return new String(key, 1, i - 1, StandardCharsets.UTF_8);
      }
    }
    throw new IllegalArgumentException("a record key must start with /namespace/");
  }

  /**
   * Checks that {@code key} is in a namespace with a validator.
   *
   * @throws IllegalArgumentException when it is not
   */
  void requireNamespace(byte[] key) {
    of(key);
  }

  private RecordValidator of(byte[] key) {
    String ns = namespace(key);
    RecordValidator v = byNamespace.get(ns);
    if (v == null) {
      throw new IllegalArgumentException("records of namespace '" + ns + "' are not kept here");
    }
    return v;
  }

  /**
   * Checks {@code value} for {@code key}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  void validate(byte[] key, byte[] value) {
    of(key).validate(key, value);
  }

  /** Whether {@code value} is valid for {@code key}. */
  boolean valid(byte[] key, byte[] value) {
    try {
      validate(key, value);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The index of the best of the (valid) {@code values}. */
  int select(byte[] key, List<byte[]> values) {
    int i = of(key).select(key, values);
    if (i < 0 || i >= values.size()) {
      throw new IllegalStateException("validator selected value " + i + " of " + values.size());
    }
    return i;
  }
}

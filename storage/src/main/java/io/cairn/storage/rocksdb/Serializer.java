package io.cairn.storage.rocksdb;

import io.cairn.storage.Cid;
import io.cairn.storage.Multihash;
import java.nio.charset.StandardCharsets;

/**
 * Turns a column's keys or values into bytes and back.
 *
 * @param <T> the typed form
 */
interface Serializer<T> {
  byte[] serialize(T value);

  /**
   * @throws IllegalArgumentException if the bytes are not a valid encoding
   */
  T deserialize(byte[] bytes);

  Serializer<byte[]> BYTES =
      new Serializer<>() {
        @Override
        public byte[] serialize(byte[] value) {
          return value;
        }

        @Override
        public byte[] deserialize(byte[] bytes) {
          return bytes;
        }
      };

  Serializer<String> UTF8 =
      new Serializer<>() {
        @Override
        public byte[] serialize(String value) {
          return value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String deserialize(byte[] bytes) {
          return new String(bytes, StandardCharsets.UTF_8);
        }
      };

  /** Blocks are keyed by the encoded multihash, so CIDv0 and CIDv1 of one block share a key. */
  Serializer<Multihash> MULTIHASH =
      new Serializer<>() {
        @Override
        public byte[] serialize(Multihash value) {
          return value.bytes();
        }

        @Override
        public Multihash deserialize(byte[] bytes) {
          return Multihash.decode(bytes);
        }
      };

  Serializer<Cid> CID =
      new Serializer<>() {
        @Override
        public byte[] serialize(Cid value) {
          return value.bytes();
        }

        @Override
        public Cid deserialize(byte[] bytes) {
          return Cid.decode(bytes);
        }
      };
}

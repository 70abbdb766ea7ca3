package io.cairn.storage.rocksdb;

import io.cairn.storage.PinStore.PinType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A stored pin's mode and name. Encoded as one mode byte (1 direct, 2 recursive) followed by the
 * name in UTF-8.
 */
record PinRecord(PinType type, String name) {
  PinRecord {
    Objects.requireNonNull(type, "type");
    if (type == PinType.INDIRECT) {
      throw new IllegalArgumentException("indirect pins are derived, never stored");
    }
    name = name == null ? "" : name;
  }

  boolean recursive() {
    return type == PinType.RECURSIVE;
  }

  static final Serializer<PinRecord> SERIALIZER =
      new Serializer<>() {
        @Override
        public byte[] serialize(PinRecord value) {
          byte[] name = value.name.getBytes(StandardCharsets.UTF_8);
          byte[] out = new byte[1 + name.length];
          out[0] = (byte) (value.recursive() ? 2 : 1);
          System.arraycopy(name, 0, out, 1, name.length);
          return out;
        }

        @Override
        public PinRecord deserialize(byte[] bytes) {
          if (bytes.length == 0 || (bytes[0] != 1 && bytes[0] != 2)) {
            throw new IllegalArgumentException("pin record has an unknown mode");
          }
          String name =
              new String(Arrays.copyOfRange(bytes, 1, bytes.length), StandardCharsets.UTF_8);
          return new PinRecord(bytes[0] == 2 ? PinType.RECURSIVE : PinType.DIRECT, name);
        }
      };
}

package io.cairn.storage.rocksdb;

import io.cairn.storage.Block;
import io.cairn.storage.Varint;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A filestore reference: a raw block's bytes are the {@code size} bytes at {@code offset} of the
 * file at {@code path}, relative to the filestore's root and slash-separated, or (a urlstore
 * reference) of the web file at {@code path}, an http(s) URL (as Kubo's {@code DataObj}).
 */
record FileRef(String path, long offset, int size) {
  FileRef {
    if (path == null || path.isEmpty() || offset < 0 || size < 0) {
      throw new IllegalArgumentException(
          "invalid filestore reference: path " + path + ", offset " + offset + ", size " + size);
    }
  }

  /** Whether the bytes lie at a URL (boxo's {@code IsURL}) rather than in a file below the root. */
  boolean isUrl() {
    return Block.isUrl(path);
  }

  /** Varints for the offset and the size, then the path's UTF-8 bytes. */
  static final Serializer<FileRef> SERIALIZER =
      new Serializer<>() {
        @Override
        public byte[] serialize(FileRef r) {
          ByteArrayOutputStream out = new ByteArrayOutputStream(32 + r.path().length());
          out.writeBytes(Varint.encode(r.offset()));
          out.writeBytes(Varint.encode(r.size()));
          out.writeBytes(r.path().getBytes(StandardCharsets.UTF_8));
          return out.toByteArray();
        }

        @Override
        public FileRef deserialize(byte[] bytes) {
          ByteBuffer buf = ByteBuffer.wrap(bytes);
          long offset = Varint.read(buf);
          long size = Varint.read(buf);
          if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("filestore reference size " + size + " is too big");
          }
          try {
            String path =
                StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(buf)
                    .toString();
            return new FileRef(path, offset, (int) size);
          } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("filestore reference path is not UTF-8", e);
          }
        }
      };
}

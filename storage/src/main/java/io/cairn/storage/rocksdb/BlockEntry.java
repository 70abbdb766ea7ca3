package io.cairn.storage.rocksdb;

import io.cairn.storage.Varint;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * A block's entry in the block index: its size and where its bytes are, either in the blocks column
 * ({@code pack} 0: small blocks, and every block written before pack files) or in a pack file.
 *
 * @param size the block's length in bytes
 * @param pack the pack file's number, or 0 when the bytes are in the blocks column
 * @param offset where the bytes start in the pack file
 */
record BlockEntry(int size, int pack, long offset) {
  BlockEntry {
    if (size < 0 || pack < 0 || offset < 0) {
      throw new IllegalArgumentException(
          "invalid block entry: size " + size + ", pack " + pack + ", offset " + offset);
    }
  }

  static BlockEntry inline(int size) {
    return new BlockEntry(size, 0, 0);
  }

  boolean packed() {
    return pack != 0;
  }

  /**
   * Varints: the size alone for an inline block (the only form schema version 1 wrote), then the
   * pack number and offset for a packed one.
   */
  static final Serializer<BlockEntry> SERIALIZER =
      new Serializer<>() {
        @Override
        public byte[] serialize(BlockEntry e) {
          ByteArrayOutputStream out = new ByteArrayOutputStream(16);
          out.writeBytes(Varint.encode(e.size()));
          if (e.packed()) {
            out.writeBytes(Varint.encode(e.pack()));
            out.writeBytes(Varint.encode(e.offset()));
          }
          return out.toByteArray();
        }

        @Override
        public BlockEntry deserialize(byte[] bytes) {
          ByteBuffer buf = ByteBuffer.wrap(bytes);
          long size = Varint.read(buf);
          if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("block size " + size + " is out of range");
          }
          if (!buf.hasRemaining()) {
            return inline((int) size);
          }
          long pack = Varint.read(buf);
          long offset = Varint.read(buf);
          if (buf.hasRemaining() || pack == 0 || pack > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("not a block index entry");
          }
          return new BlockEntry((int) size, (int) pack, offset);
        }
      };
}

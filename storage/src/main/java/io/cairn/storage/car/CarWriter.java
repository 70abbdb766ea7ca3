package io.cairn.storage.car;

import io.cairn.storage.Block;
import io.cairn.storage.Cid;
import io.cairn.storage.Varint;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes a CARv1 stream: the header {@code {"roots": [...], "version": 1}} in DAG-CBOR, then one
 * section per block, {@code varint(len(cid) + len(data)) cid data}. Nothing is buffered beyond the
 * block being written; the caller owns (and closes) the stream.
 */
public final class CarWriter {
  private final OutputStream out;
  private long bytes;
  private long blocks;

  private CarWriter(OutputStream out) {
    this.out = out;
  }

  /** Starts a CAR on {@code out} by writing its header. */
  public static CarWriter create(OutputStream out, List<Cid> roots) {
    CarWriter w = new CarWriter(out);
    byte[] header = CarHeader.encodeV1(roots);
    w.writeSection(new byte[0], header);
    return w;
  }

  public void write(Block block) {
    write(block.cid(), block.data());
  }

  public void write(Cid cid, byte[] data) {
    writeSection(cid.bytes(), data);
    blocks++;
  }

  private void writeSection(byte[] cid, byte[] data) {
    long length = (long) cid.length + data.length;
    byte[] head = new byte[Varint.size(length) + cid.length];
    int n = Varint.write(length, head, 0);
    System.arraycopy(cid, 0, head, n, cid.length);
    try {
      out.write(head);
      out.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the CAR after " + bytes + " bytes", e);
    }
    bytes += head.length + data.length;
  }

  /** Blocks written (the header not counted). */
  public long blockCount() {
    return blocks;
  }

  /** Bytes of CAR written, header included. */
  public long byteCount() {
    return bytes;
  }

  public void flush() {
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

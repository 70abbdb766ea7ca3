package io.cairn.proofs.store;

import io.cairn.proofs.PieceSource;
import io.cairn.storage.BlockNotFoundException;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.Varint;
import io.cairn.storage.codec.DagCbor;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where each block sits in a DAG's CAR: the header bytes and, per section, its offset and CID. With
 * it the CAR that a piece was made of can be read at any offset straight from the block store, so a
 * provider keeps the data once (as blocks) and still answers challenges with one short read.
 *
 * <p>File form: {@code "CAIRNCL" 0x01}, u32 header length and header bytes, u64 CAR size, u32
 * section count, then per section u64 offset, u16 CID length and binary CID.
 */
public final class CarLayout {
  private static final byte[] MAGIC = {'C', 'A', 'I', 'R', 'N', 'C', 'L', 1};

  private final byte[] header;
  private final long size;
  private final long[] offsets;
  private final Cid[] cids;

  CarLayout(byte[] header, long size, long[] offsets, Cid[] cids) {
    this.header = header;
    this.size = size;
    this.offsets = offsets;
    this.cids = cids;
  }

  /** Records sections as a CAR is written. */
  public static final class Recorder {
    private byte[] header;
    private final List<Long> offsets = new ArrayList<>();
    private final List<Cid> cids = new ArrayList<>();

    public void header(byte[] bytes) {
      header = bytes.clone();
    }

    public void section(long offset, Cid cid) {
      offsets.add(offset);
      cids.add(cid);
    }

    public CarLayout finish(long carSize) {
      return new CarLayout(
          header,
          carSize,
          offsets.stream().mapToLong(Long::longValue).toArray(),
          cids.toArray(Cid[]::new));
    }
  }

  /** The CAR's first root, read back from its header. */
  public Cid root() {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(header);
    int n = (int) Varint.read(b);
    List<Cid> roots = DagCbor.links(Arrays.copyOfRange(header, b.position(), b.position() + n));
    if (roots.isEmpty()) {
      throw new IllegalStateException("the CAR header names no root");
    }
    return roots.get(0);
  }

  /** Bytes of CAR. */
  public long size() {
    return size;
  }

  /** Blocks in the CAR. */
  public int blocks() {
    return cids.length;
  }

  /** The CAR as a piece payload, its block bytes read from {@code store}. */
  public PieceSource source(BlockStore store) {
    return new Source(store);
  }

  public void write(Path file) {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream fos = Files.newOutputStream(tmp);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(fos, 1 << 16))) {
      out.write(MAGIC);
      out.writeInt(header.length);
      out.write(header);
      out.writeLong(size);
      out.writeInt(cids.length);
      for (int i = 0; i < cids.length; i++) {
        out.writeLong(offsets[i]);
        byte[] cid = cids[i].bytes();
        out.writeShort(cid.length);
        out.write(cid);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the CAR layout " + tmp, e);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move the CAR layout into " + file, e);
    }
  }

  public static CarLayout read(Path file) {
    try (InputStream fis = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new BufferedInputStream(fis, 1 << 16))) {
      byte[] magic = in.readNBytes(MAGIC.length);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IllegalArgumentException("CAR layout " + file + " does not start with its magic");
      }
      byte[] header = in.readNBytes(checkedLength(in.readInt(), 1 << 20, file));
      long size = in.readLong();
      int n = checkedLength(in.readInt(), Integer.MAX_VALUE - 8, file);
      long[] offsets = new long[n];
      Cid[] cids = new Cid[n];
      for (int i = 0; i < n; i++) {
        offsets[i] = in.readLong();
        cids[i] = Cid.decode(in.readNBytes(in.readUnsignedShort()));
      }
      return new CarLayout(header, size, offsets, cids);
    } catch (EOFException e) {
      throw new IllegalArgumentException("CAR layout " + file + " is truncated", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the CAR layout " + file, e);
    }
  }

  private static int checkedLength(int n, int max, Path file) {
    if (n < 0 || n > max) {
      throw new IllegalArgumentException("CAR layout " + file + " is damaged: count " + n);
    }
    return n;
  }

  /** Reads CAR bytes by rebuilding the sections that cover them; keeps the last block read. */
  private final class Source implements PieceSource {
    private final BlockStore store;
    private int cachedSection = -1;
    private byte[] cachedBytes;

    Source(BlockStore store) {
      this.store = store;
    }

    @Override
    public long size() {
      return size;
    }

    @Override
    public int read(long offset, byte[] dst, int off, int length) {
      PayloadSources.checkRange(offset, length, size);
      int done = 0;
      while (done < length && offset + done < size) {
        long at = offset + done;
        byte[] bytes;
        long start;
        if (at < header.length) {
          bytes = header;
          start = 0;
        } else {
          int i = Arrays.binarySearch(offsets, at);
          int section = i >= 0 ? i : -i - 2;
          bytes = section(section);
          start = offsets[section];
        }
        int n = (int) Math.min(length - done, bytes.length - (at - start));
        System.arraycopy(bytes, (int) (at - start), dst, off + done, n);
        done += n;
      }
      return done;
    }

    private byte[] section(int i) {
      if (i == cachedSection) {
        return cachedBytes;
      }
      Cid cid = cids[i];
      Optional<byte[]> data = store.get(cid);
      if (data.isEmpty()) {
        throw new BlockNotFoundException(cid);
      }
      byte[] cidBytes = cid.bytes();
      long end = i + 1 < offsets.length ? offsets[i + 1] : size;
      long length = (long) cidBytes.length + data.get().length;
      byte[] bytes = new byte[Varint.size(length) + (int) length];
      if (bytes.length != end - offsets[i]) {
        throw new IllegalStateException(
            "block " + cid + " is not the size it had when its piece was made");
      }
      int o = Varint.write(length, bytes, 0);
      System.arraycopy(cidBytes, 0, bytes, o, cidBytes.length);
      System.arraycopy(data.get(), 0, bytes, o + cidBytes.length, data.get().length);
      cachedSection = i;
      cachedBytes = bytes;
      return bytes;
    }

    @Override
    public void close() {}
  }
}

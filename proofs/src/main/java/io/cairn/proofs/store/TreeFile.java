package io.cairn.proofs.store;

import io.cairn.proofs.HashBackend;
import io.cairn.proofs.InclusionProof;
import io.cairn.proofs.PieceCid;
import io.cairn.proofs.PieceSource;
import io.cairn.proofs.PieceTree;
import io.cairn.proofs.hash.NodeHasher;
import io.cairn.proofs.hash.UpperLayers;
import io.cairn.proofs.hash.ZeroRoots;
import io.cairn.storage.Cid;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The tree file: a piece's upper layers on disk.
 *
 * <pre>
 *   "CAIRNPT" 0x01          magic and format version
 *   u16 n, n bytes          the v2 piece CID, binary
 *   32-byte nodes           level 10, then 11, ... up to the root (level = height); level L holds
 *                           ceil(units / 2^(L-10)) nodes, units = ceil(payload / 32512)
 * </pre>
 *
 * Pieces of height 10 or less have no nodes: their whole tree is rebuilt from the payload.
 */
final class TreeFile {
  private static final byte[] MAGIC = {'C', 'A', 'I', 'R', 'N', 'P', 'T', 1};

  private TreeFile() {}

  static void write(Path file, PieceCid piece, UpperLayers upper) {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream fos = Files.newOutputStream(tmp);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(fos, 1 << 16))) {
      out.write(MAGIC);
      byte[] cid = piece.v2().bytes();
      out.writeShort(cid.length);
      out.write(cid);
      if (upper != null) {
        byte[] chunk = new byte[4096 * NodeHasher.NODE];
        for (int level = UpperLayers.BASE; level <= piece.height(); level++) {
          long n = upper.stored(level);
          for (long i = 0; i < n; i += 4096) {
            int k = (int) Math.min(4096, n - i);
            upper.layer(level).get(i, k, chunk, 0);
            out.write(chunk, 0, k * NodeHasher.NODE);
          }
        }
      }
      out.flush();
      fos.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the piece tree to " + tmp, e);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move the piece tree into " + file, e);
    }
  }

  static PieceTree open(Path file) {
    FileChannel ch;
    try {
      ch = FileChannel.open(file, StandardOpenOption.READ);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the piece tree " + file, e);
    }
    try {
      return read(file, ch);
    } catch (RuntimeException e) {
      closeQuietly(ch);
      throw e;
    }
  }

  private static PieceTree read(Path file, FileChannel ch) {
    long size;
    try {
      size = ch.size();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the piece tree " + file, e);
    }
    ByteBuffer head = ByteBuffer.allocate(MAGIC.length + 2);
    readFully(ch, head, 0, file);
    byte[] magic = new byte[MAGIC.length];
    head.flip().get(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw damaged(file, "it does not start with the piece tree magic");
    }
    ByteBuffer cidBytes = ByteBuffer.allocate(head.getShort() & 0xFFFF);
    readFully(ch, cidBytes, head.capacity(), file);
    PieceCid piece;
    try {
      piece = PieceCid.fromCid(Cid.decode(cidBytes.array()));
    } catch (IllegalArgumentException e) {
      throw damaged(file, "its piece CID is not valid: " + e.getMessage());
    }
    long nodesAt = head.capacity() + cidBytes.capacity();
    long[] levelStart = new long[piece.height() + 2];
    long expected = nodesAt;
    if (piece.height() > UpperLayers.BASE) {
      long units = (piece.payloadSize() + HashBackend.UNIT_PAYLOAD - 1) / HashBackend.UNIT_PAYLOAD;
      for (int level = UpperLayers.BASE; level <= piece.height(); level++) {
        levelStart[level] = expected;
        expected += NodeHasher.NODE * UpperLayers.storedAt(units, level);
      }
    }
    if (size != expected) {
      throw damaged(file, "it has " + size + " bytes where piece " + piece + " needs " + expected);
    }
    FileTree tree = new FileTree(file, ch, piece, levelStart, expected);
    if (piece.height() > UpperLayers.BASE
        && !MessageDigest.isEqual(tree.node(piece.height(), 0), piece.root())) {
      throw damaged(file, "its top node is not the root of piece " + piece);
    }
    return tree;
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long at, Path file) {
    try {
      while (buf.hasRemaining()) {
        if (ch.read(buf, at + buf.position()) < 0) {
          throw damaged(file, "it ends early, at byte " + (at + buf.position()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the piece tree " + file, e);
    }
  }

  private static IllegalArgumentException damaged(Path file, String why) {
    return new IllegalArgumentException("piece tree " + file + " is damaged: " + why);
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // nothing was read from it
    }
  }

  /** A loaded tree: nodes read from the file when a proof needs them. */
  private static final class FileTree implements PieceTree {
    private final Path file;
    private final FileChannel ch;
    private final PieceCid piece;
    private final long[] levelStart;
    private final long end;

    FileTree(Path file, FileChannel ch, PieceCid piece, long[] levelStart, long end) {
      this.file = file;
      this.ch = ch;
      this.piece = piece;
      this.levelStart = levelStart;
      this.end = end;
    }

    @Override
    public PieceCid piece() {
      return piece;
    }

    byte[] node(int level, long index) {
      long next = level == piece.height() ? end : levelStart[level + 1];
      long at = levelStart[level] + index * NodeHasher.NODE;
      if (at >= next) {
        return ZeroRoots.of(level);
      }
      ByteBuffer buf = ByteBuffer.allocate(NodeHasher.NODE);
      readFully(ch, buf, at, file);
      return buf.array();
    }

    @Override
    public InclusionProof prove(long leaf, PieceSource payload) {
      return TreeProofs.prove(piece, this::node, leaf, payload);
    }

    @Override
    public void save(Path target) {
      try {
        if (!Files.exists(target) || !Files.isSameFile(file, target)) {
          Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot copy the piece tree to " + target, e);
      }
    }

    @Override
    public void close() {
      closeQuietly(ch);
    }
  }
}

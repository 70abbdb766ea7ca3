package io.cairn.proofs.bundle;

import io.cairn.proofs.PieceCid;
import io.cairn.proofs.ProofBundle;
import io.cairn.storage.Cid;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The binary bundle, big-endian throughout:
 *
 * <pre>
 *   "CPDP" 0x01                 magic, format version
 *   u64 setId, 32 bytes seed, u64 leafCount
 *   u32 pieces; per piece: u16 length, the binary v2 piece CID
 *   u32 proofs; per proof: 32 bytes leaf, u8 siblings, 32 bytes per sibling
 * </pre>
 */
final class BundleBinary {
  private static final byte[] MAGIC = {'C', 'P', 'D', 'P', 1};

  private BundleBinary() {}

  static byte[] encode(ProofBundle b) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(MAGIC);
      out.writeLong(b.setId());
      out.write(b.seed());
      out.writeLong(b.set().leafCount());
      out.writeInt(b.pieces().size());
      for (PieceCid p : b.pieces()) {
        byte[] cid = p.v2().bytes();
        out.writeShort(cid.length);
        out.write(cid);
      }
      out.writeInt(b.proofs().size());
      for (ProofBundle.Proof p : b.proofs()) {
        out.write(p.leaf());
        byte[][] path = p.path();
        out.writeByte(path.length);
        for (byte[] node : path) {
          out.write(node);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static ProofBundle decode(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      byte[] magic = new byte[MAGIC.length];
      in.get(magic);
      if (!Arrays.equals(magic, 0, 4, MAGIC, 0, 4)) {
        throw bad(0, "it is neither JSON nor a binary bundle (no CPDP magic)");
      }
      if (magic[4] != MAGIC[4]) {
        throw bad(4, "format version " + magic[4] + " is not known (this node reads 1)");
      }
      long setId = in.getLong();
      byte[] seed = new byte[32];
      in.get(seed);
      int leafCountAt = in.position();
      long leafCount = in.getLong();
      int pieceCount = count(in, 1 << 20, "pieces");
      List<PieceCid> pieces = new ArrayList<>(pieceCount);
      for (int i = 0; i < pieceCount; i++) {
        int at = in.position();
        byte[] cid = new byte[in.getShort() & 0xFFFF];
        in.get(cid);
        try {
          pieces.add(PieceCid.fromCid(Cid.decode(cid)));
        } catch (IllegalArgumentException e) {
          throw bad(at, "piece " + i + ": " + e.getMessage());
        }
      }
      int proofCount = count(in, 1 << 20, "proofs");
      List<ProofBundle.Proof> proofs = new ArrayList<>(proofCount);
      for (int i = 0; i < proofCount; i++) {
        byte[] leaf = new byte[32];
        in.get(leaf);
        byte[][] path = new byte[in.get() & 0xFF][32];
        for (byte[] node : path) {
          in.get(node);
        }
        proofs.add(new ProofBundle.Proof(leaf, path));
      }
      if (in.hasRemaining()) {
        throw bad(in.position(), in.remaining() + " bytes follow the last proof");
      }
      ProofBundle bundle;
      try {
        bundle = new ProofBundle(setId, seed, pieces, proofs);
      } catch (IllegalArgumentException e) {
        throw bad(MAGIC.length, e.getMessage());
      }
      if (bundle.set().leafCount() != leafCount) {
        throw bad(
            leafCountAt,
            "leaf count "
                + leafCount
                + " is not the "
                + bundle.set().leafCount()
                + " data leaves of its pieces");
      }
      return bundle;
    } catch (BufferUnderflowException e) {
      throw bad(bytes.length, "it ends early");
    }
  }

  private static int count(ByteBuffer in, int max, String what) {
    int at = in.position();
    int n = in.getInt();
    if (n < 0 || n > max) {
      throw bad(at, n + " " + what + " is not a count this node reads (at most " + max + ")");
    }
    return n;
  }

  private static IllegalArgumentException bad(int at, String why) {
    return new IllegalArgumentException("proof bundle byte " + at + ": " + why);
  }
}

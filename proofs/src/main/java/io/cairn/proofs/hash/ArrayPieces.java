package io.cairn.proofs.hash;

import io.cairn.proofs.HashBackend;
import io.cairn.proofs.PieceCid;
import io.cairn.proofs.PieceTree;
import io.cairn.proofs.store.PieceTrees;
import java.nio.ByteBuffer;

/**
 * Pieces of payloads already in memory: the backend reads the caller's array where it is (the CPU
 * in place, CUDA through its own pipelined staging), with no copy into hasher buffers first.
 */
public final class ArrayPieces {
  private static final int UNIT = HashBackend.UNIT_PAYLOAD;

  private ArrayPieces() {}

  public static PieceTree of(byte[] payload, HashBackend backend) {
    int height = PieceCid.heightFor(payload.length);
    if (payload.length <= UNIT) {
      byte[] root = new byte[NodeHasher.NODE];
      new SubtreeHasher().root(payload, 0, payload.length, height, root, 0);
      return PieceTrees.inMemory(PieceCid.forPayload(payload.length, root), null);
    }
    int whole = payload.length / UNIT;
    NodeList units = new NodeList();
    byte[] roots = new byte[whole * NodeHasher.NODE];
    backend.unitRoots(ByteBuffer.wrap(payload, 0, whole * UNIT), roots, 0);
    units.add(roots, 0, whole);
    int rest = payload.length - whole * UNIT;
    if (rest > 0) {
      byte[] last = new byte[NodeHasher.NODE];
      new SubtreeHasher().root(payload, whole * UNIT, rest, SubtreeHasher.MAX_LEVELS, last, 0);
      units.add(last, 0, 1);
    }
    UpperLayers upper = UpperLayers.build(units, height);
    return PieceTrees.inMemory(PieceCid.forPayload(payload.length, upper.root()), upper);
  }
}

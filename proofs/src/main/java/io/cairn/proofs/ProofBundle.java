package io.cairn.proofs;

import io.cairn.proofs.bundle.BundleCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The proofs of one proving period, ready for the contract: the set, the seed, the set's pieces
 * (whose v2 CIDs carry root, height and padding) and, in challenge order, one {@link Proof} per
 * challenge in the shape of PDP's {@code IPDPTypes.Proof}. Anyone can check it without the data
 * ({@link #verify()}); {@link #calldata()} is the {@code provePossession} call a provider submits.
 *
 * <p>Two encodings, both read by {@link #decode}: JSON ({@link #toJson()}, hex with {@code 0x} as
 * Ethereum tools write bytes32) and a compact binary form ({@link #toBinary()}); the formats are
 * described in {@code docs/proofs.md}.
 */
public record ProofBundle(long setId, byte[] seed, List<PieceCid> pieces, List<Proof> proofs) {
  /**
   * One challenge's proof: the challenged leaf (32 bytes of Fr32 payload) and its siblings from the
   * bottom of the piece tree up, as many as the piece's height.
   */
  public record Proof(byte[] leaf, byte[][] path) {
    public Proof {
      InclusionProof check = new InclusionProof(0, leaf, path);
      leaf = check.leaf();
      path = check.path();
    }

    /** The PDP-shaped part of an inclusion proof. */
    public static Proof of(InclusionProof p) {
      return new Proof(p.leaf(), p.path());
    }

    @Override
    public byte[] leaf() {
      return leaf.clone();
    }

    @Override
    public byte[][] path() {
      return new InclusionProof(0, leaf, path).path();
    }

    /** This proof at a position: the inclusion proof to verify. */
    public InclusionProof at(long position) {
      return new InclusionProof(position, leaf, path);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Proof p && Arrays.equals(p.leaf, leaf) && Arrays.deepEquals(p.path, path);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(leaf);
    }

    @Override
    public String toString() {
      return "Proof[leaf=" + HexFormat.of().formatHex(leaf) + ", depth=" + path.length + "]";
    }
  }

  public ProofBundle {
    set(setId, pieces); // validates set ID and pieces
    seed = Challenges.checkSeed(seed).clone();
    if (proofs == null || proofs.isEmpty()) {
      throw new IllegalArgumentException("a proof bundle needs at least one proof");
    }
    pieces = List.copyOf(pieces);
    proofs = List.copyOf(proofs);
  }

  private static ProofSet set(long setId, List<PieceCid> pieces) {
    return new ProofSet(setId, pieces);
  }

  @Override
  public byte[] seed() {
    return seed.clone();
  }

  /** The proof set the bundle proves. */
  public ProofSet set() {
    return new ProofSet(setId, pieces);
  }

  /** The challenges the proofs answer, derived from the seed as the contract derives them. */
  public List<Challenge> challenges() {
    return set().challenges(seed, proofs.size());
  }

  /**
   * Checks every proof against the challenge it must answer: the challenge's piece and offset come
   * from the seed, the set ID and the pieces; the proof must have as many siblings as that piece's
   * height and lead from its leaf to the piece root. Needs no payload.
   */
  public Verification verify() {
    List<Challenge> challenges = challenges();
    List<Verification.Check> checks = new ArrayList<>(challenges.size());
    for (Challenge c : challenges) {
      PieceCid piece = pieces.get(c.piece());
      Proof proof = proofs.get(c.number());
      String problem = null;
      if (proof.path.length != piece.height()) {
        problem =
            "its path has "
                + proof.path.length
                + " siblings, piece "
                + c.piece()
                + " of height "
                + piece.height()
                + " needs "
                + piece.height();
      } else if (!proof.at(c.offset()).verify(piece)) {
        problem = "its leaf and path do not lead to the root of piece " + c.piece();
      }
      checks.add(new Verification.Check(c, problem == null, problem));
    }
    return new Verification(set(), checks);
  }

  /** The JSON form. */
  public String toJson() {
    return BundleCodec.toJson(this);
  }

  /** The binary form. */
  public byte[] toBinary() {
    return BundleCodec.toBinary(this);
  }

  /**
   * The contract call {@code provePossession(uint256 setId, (bytes32 leaf, bytes32[] proof)[]
   * proofs)}: its 4-byte selector and ABI-encoded arguments.
   */
  public byte[] calldata() {
    return BundleCodec.calldata(this);
  }

  /**
   * Cairn's StorageMarket call {@code provePeriod(uint256 setId, bytes header, (bytes32 leaf,
   * bytes32[] proof)[] proofs)}: this bundle's set, the seed block's RLP header (whose {@code
   * prevrandao} is this bundle's seed) and the proofs.
   */
  public byte[] calldata(byte[] header) {
    if (header == null || header.length == 0) {
      throw new IllegalArgumentException("the seed block's header is missing");
    }
    return BundleCodec.provePeriodCalldata(this, header);
  }

  /**
   * Reads a bundle in either form (JSON starts with {@code '{'}).
   *
   * @throws IllegalArgumentException naming what is malformed and where
   */
  public static ProofBundle decode(byte[] bytes) {
    return BundleCodec.decode(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProofBundle b
        && b.setId == setId
        && Arrays.equals(b.seed, seed)
        && b.pieces.equals(pieces)
        && b.proofs.equals(proofs);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(setId) * 31 + Arrays.hashCode(seed);
  }

  @Override
  public String toString() {
    return "ProofBundle[set="
        + setId
        + ", seed="
        + HexFormat.of().formatHex(seed)
        + ", pieces="
        + pieces.size()
        + ", proofs="
        + proofs.size()
        + "]";
  }
}

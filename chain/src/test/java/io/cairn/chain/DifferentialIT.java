package io.cairn.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.proofs.Challenges;
import io.cairn.proofs.PieceCid;
import io.cairn.proofs.ProofSet;
import io.cairn.storage.Cid;
import io.cairn.storage.Varint;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;

/**
 * The contracts' piece CID parsing ({@code PieceCids.parse}) and challenge derivation (as {@code
 * StorageMarket} derives challenges) against the Java code ({@link PieceCid}, {@link Challenges})
 * on seeded random inputs, through {@code PieceCidsProbe}, a batch per {@code eth_call}. The seed
 * is {@code -Ddifferential.seed=N}, else a new one each run; every failure names it.
 */
@Tag("chain")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DifferentialIT {
  private static final int BATCH = 100;
  private static final long SEED = Long.getLong("differential.seed", new Random().nextLong());

  /** What is wrong with a refused piece CID, as both sides report it. */
  enum Kind {
    LENGTH,
    VERSION,
    NOT_PIECE,
    VARINT,
    HEIGHT,
    ROOT,
    PADDING,
    NO_PAYLOAD,
    UNKNOWN
  }

  /** One side's answer for one CID: the parsed piece, or the kind of refusal and its message. */
  record Outcome(int height, long leafCount, String root, Kind refused, String message) {
    static Outcome parsed(int height, long leafCount, byte[] root) {
      return new Outcome(height, leafCount, HexFormat.of().formatHex(root), null, null);
    }

    static Outcome refused(Kind kind, String message) {
      return new Outcome(0, 0, null, kind, message);
    }
  }

  private record Case(byte[] cid, Kind expected) {}

  private Probe probe;
  private ContractAbi abi;

  @BeforeAll
  void deploy() {
    System.out.println(
        "DifferentialIT seed " + SEED + " (rerun with -Ddifferential.seed=" + SEED + ")");
    probe = new Probe("PieceCidsProbe");
    abi = new ContractAbi("PieceCidsProbe");
  }

  @AfterAll
  void stop() {
    probe.close();
  }

  @Test
  void validPieceCidsGiveTheSameHeightLeafCountAndRoot() {
    Random r = new Random(SEED);
    List<Case> cases = new ArrayList<>();
    for (int k = 0; k < 300; k++) {
      cases.add(new Case(valid(r).v2().bytes(), null));
    }
    compare(cases);
  }

  @Test
  void malformedPieceCidsAreRefusedByBothForTheSameReason() {
    Random r = new Random(SEED + 1);
    List<Case> cases = new ArrayList<>();
    for (int k = 0; k < 400; k++) {
      cases.add(malformed(r, valid(r)));
    }
    compare(cases);
  }

  @Test
  void challengeIndicesAgree() {
    Random r = new Random(SEED + 2);
    for (int batch = 0; batch < 5; batch++) {
      List<byte[]> seeds = new ArrayList<>();
      List<Long> setIds = new ArrayList<>();
      List<Long> indices = new ArrayList<>();
      List<Long> leafCounts = new ArrayList<>();
      for (int k = 0; k < BATCH; k++) {
        byte[] seed = new byte[32];
        r.nextBytes(seed);
        seeds.add(seed);
        setIds.add(r.nextBoolean() ? r.nextLong(1_000) : r.nextLong(Long.MAX_VALUE));
        indices.add(r.nextBoolean() ? r.nextLong(64) : r.nextLong());
        leafCounts.add(
            switch (r.nextInt(3)) {
              case 0 -> 1 + r.nextLong(1_024);
              case 1 -> 1L << r.nextInt(63);
              default -> 1 + r.nextLong(Long.MAX_VALUE);
            });
      }
      Function f =
          new Function(
              "challenges",
              List.of(
                  new DynamicArray<>(
                      Uint256.class,
                      seeds.stream().map(s -> new Uint256(new BigInteger(1, s))).toList()),
                  new DynamicArray<>(Uint256.class, setIds.stream().map(Calls::u256).toList()),
                  new DynamicArray<>(
                      Uint64.class, indices.stream().map(DifferentialIT::u64).toList()),
                  new DynamicArray<>(
                      Uint64.class, leafCounts.stream().map(DifferentialIT::u64).toList())),
              List.of(new TypeReference<DynamicArray<Uint256>>() {}));
      List<?> leaves = values(probe.call(f).get(0));
      for (int k = 0; k < BATCH; k++) {
        long java =
            Challenges.challenge(seeds.get(k), setIds.get(k), indices.get(k), leafCounts.get(k));
        assertThat((BigInteger) leaves.get(k))
            .as(
                "seed %d: challenge %d of seed %s, set %d, %d leaves",
                SEED,
                Long.toUnsignedString(indices.get(k)),
                HexFormat.of().formatHex(seeds.get(k)),
                setIds.get(k),
                leafCounts.get(k))
            .isEqualTo(BigInteger.valueOf(java));
      }
    }
  }

  /** Runs every case through both sides, a batch per call, and compares the answers. */
  private void compare(List<Case> cases) {
    for (int from = 0; from < cases.size(); from += BATCH) {
      List<Case> batch = cases.subList(from, Math.min(cases.size(), from + BATCH));
      List<Outcome> contract = contract(batch.stream().map(Case::cid).toList());
      for (int k = 0; k < batch.size(); k++) {
        Case c = batch.get(k);
        Outcome java = java(c.cid());
        String what =
            String.format(
                "seed %d, CID %s: Java %s, contract %s",
                SEED, HexFormat.of().formatHex(c.cid()), java, contract.get(k));
        if (c.expected() == null) {
          assertThat(java.refused()).as(what).isNull();
        } else {
          assertThat(java.refused()).as(what).isEqualTo(c.expected());
        }
        assertThat(new Outcome(java.height(), java.leafCount(), java.root(), java.refused(), null))
            .as(what)
            .isEqualTo(
                new Outcome(
                    contract.get(k).height(),
                    contract.get(k).leafCount(),
                    contract.get(k).root(),
                    contract.get(k).refused(),
                    null));
      }
    }
  }

  private static Outcome java(byte[] cid) {
    try {
      // parsed, then admitted to a proof set as the prover does: a piece without payload has no
      // leaf to challenge
      PieceCid p = PieceCid.fromCid(Cid.decode(cid));
      return Outcome.parsed(p.height(), ProofSet.of(0, p).leafCount(), p.root());
    } catch (IllegalArgumentException e) { // InvalidCidException included
      return Outcome.refused(javaKind(e.getMessage()), e.getMessage());
    }
  }

  private List<Outcome> contract(List<byte[]> cids) {
    Function f =
        new Function(
            "parseAll",
            List.of(
                new DynamicArray<>(
                    DynamicBytes.class, cids.stream().map(DynamicBytes::new).toList())),
            List.of(
                new TypeReference<DynamicArray<Uint8>>() {},
                new TypeReference<DynamicArray<Uint64>>() {},
                new TypeReference<DynamicArray<Bytes32>>() {},
                new TypeReference<DynamicArray<DynamicBytes>>() {}));
    @SuppressWarnings("rawtypes")
    List<Type> out = probe.call(f);
    List<?> heights = values(out.get(0));
    List<?> leafCounts = values(out.get(1));
    List<?> roots = values(out.get(2));
    List<?> errors = values(out.get(3));
    List<Outcome> outcomes = new ArrayList<>();
    for (int k = 0; k < cids.size(); k++) {
      byte[] error = (byte[]) errors.get(k);
      if (error.length == 0) {
        outcomes.add(
            Outcome.parsed(
                ((BigInteger) heights.get(k)).intValueExact(),
                ((BigInteger) leafCounts.get(k)).longValueExact(),
                (byte[]) roots.get(k)));
      } else {
        String[] decoded = abi.decodeError(Transactor.hex(error));
        String reason = decoded == null ? "undecodable" : decoded[1];
        outcomes.add(Outcome.refused(contractKind(reason), reason));
      }
    }
    return outcomes;
  }

  /** The kind of a contract refusal: {@code InvalidPieceCid("…")} by its reason. */
  static Kind contractKind(String reason) {
    return switch (reason) {
      case "InvalidPieceCid(\"too short\")",
          "InvalidPieceCid(\"digest length\")",
          "InvalidPieceCid(\"padding varint\")" ->
          Kind.LENGTH;
      case "InvalidPieceCid(\"not a CIDv1\")" -> Kind.VERSION;
      case "InvalidPieceCid(\"codec is not raw\")",
          "InvalidPieceCid(\"multihash is not fr32-sha256-trunc254-padbintree\")" ->
          Kind.NOT_PIECE;
      case "InvalidPieceCid(\"padding varint not minimal\")" -> Kind.VARINT;
      case "InvalidPieceCid(\"height\")" -> Kind.HEIGHT;
      case "InvalidPieceCid(\"root is not a sha254 node\")" -> Kind.ROOT;
      case "InvalidPieceCid(\"padding\")" -> Kind.PADDING;
      case "InvalidPieceCid(\"no payload\")" -> Kind.NO_PAYLOAD;
      default -> Kind.UNKNOWN;
    };
  }

  /** The kind of a Java refusal, by its message. */
  static Kind javaKind(String message) {
    if (message.contains("not minimally encoded")) {
      return Kind.VARINT;
    }
    if (message.contains("unsupported CID version")) {
      return Kind.VERSION;
    }
    if (message.contains("it needs the raw codec")) {
      return Kind.NOT_PIECE;
    }
    if (message.contains("piece height")) {
      return Kind.HEIGHT;
    }
    if (message.contains("not a sha254 node")) {
      return Kind.ROOT;
    }
    if (message.contains("holds no payload")) {
      return Kind.NO_PAYLOAD;
    }
    if (message.contains("piece padding")) {
      return Kind.PADDING;
    }
    if (message.contains("truncated")
        || message.contains("trailing bytes")
        || message.contains("digest needs")
        || message.contains("malformed")) {
      return Kind.LENGTH;
    }
    return Kind.UNKNOWN;
  }

  /**
   * A random valid piece with payload: of a random payload size up to 64 GiB, or any height and
   * padding. (The empty piece, height 2 and padding 127, is a valid CID without a leaf to
   * challenge: {@link #malformed} makes it.)
   */
  private static PieceCid valid(Random r) {
    PieceCid p = anyPiece(r);
    return p.dataLeaves() > 0 ? p : new PieceCid(p.padding() - 1, p.height(), p.root());
  }

  private static PieceCid anyPiece(Random r) {
    byte[] root = new byte[32];
    r.nextBytes(root);
    root[31] &= 0x3F;
    if (r.nextBoolean()) {
      long size = r.nextLong(Math.min(PieceCid.MAX_PAYLOAD, 1L << r.nextInt(37)) + 1);
      return PieceCid.forPayload(size, root);
    }
    int height = PieceCid.MIN_HEIGHT + r.nextInt(PieceCid.MAX_HEIGHT - PieceCid.MIN_HEIGHT + 1);
    long limit = paddingLimit(height);
    long padding =
        switch (r.nextInt(4)) {
          case 0 -> 0;
          case 1 -> limit;
          default -> r.nextLong(limit + 1);
        };
    return new PieceCid(padding, height, root);
  }

  /** The largest padding a tree of {@code height} may have: more would fit a smaller tree. */
  private static long paddingLimit(int height) {
    long capacity = PieceCid.capacity(height);
    return height == PieceCid.MIN_HEIGHT ? capacity : capacity / 2 - 1;
  }

  /** {@code p}'s CID spoilt in one random way, with the kind of refusal that must follow. */
  private static Case malformed(Random r, PieceCid p) {
    byte[] cid = p.v2().bytes();
    int heightAt = cid.length - 33;
    return switch (r.nextInt(11)) {
      case 0 -> new Case(Arrays.copyOf(cid, r.nextInt(cid.length)), Kind.LENGTH);
      case 1 -> {
        byte[] longer = Arrays.copyOf(cid, cid.length + 1 + r.nextInt(3));
        yield new Case(longer, Kind.LENGTH);
      }
      case 2 -> {
        int length = cid[4];
        cid[4] = (byte) ((length + 1 + r.nextInt(0x7e)) % 0x80);
        yield new Case(cid, Kind.LENGTH);
      }
      case 3 -> {
        cid[0] = (byte) new int[] {0x00, 0x02, 0x03, 0x7f}[r.nextInt(4)];
        yield new Case(cid, Kind.VERSION);
      }
      case 4 -> {
        cid[1] = (byte) ((0x55 + 1 + r.nextInt(0x7f)) % 0x80);
        yield new Case(cid, Kind.NOT_PIECE);
      }
      case 5 -> {
        cid[2] = (byte) (0x80 | ((0x11 + 1 + r.nextInt(0x7f)) % 0x80));
        yield new Case(cid, Kind.NOT_PIECE);
      }
      case 6 -> {
        int h = r.nextBoolean() ? r.nextInt(PieceCid.MIN_HEIGHT) : 58 + r.nextInt(256 - 58);
        cid[heightAt] = (byte) h;
        yield new Case(cid, Kind.HEIGHT);
      }
      case 7 -> {
        cid[cid.length - 1] |= (byte) (0x40 << r.nextInt(2));
        yield new Case(cid, Kind.ROOT);
      }
      case 8 -> {
        long limit = paddingLimit(p.height());
        long padding = limit + 1 + (r.nextBoolean() ? 0 : r.nextLong(Long.MAX_VALUE - limit - 1));
        yield new Case(withPadding(Varint.encode(padding), p), Kind.PADDING);
      }
      case 9 -> new Case(new PieceCid(127, 2, p.root()).v2().bytes(), Kind.NO_PAYLOAD);
      default -> {
        // the same padding with a needless continuation byte, still at most 9 bytes
        long padding = Math.min(p.padding(), (1L << 56) - 1);
        byte[] minimal = Varint.encode(padding);
        byte[] overlong = Arrays.copyOf(minimal, minimal.length + 1);
        overlong[minimal.length - 1] |= (byte) 0x80;
        yield new Case(withPadding(overlong, p), Kind.VARINT);
      }
    };
  }

  /** {@code p}'s CID with its padding varint replaced by {@code varint} (digest length fixed). */
  private static byte[] withPadding(byte[] varint, PieceCid p) {
    byte[] cid = new byte[5 + varint.length + 33];
    System.arraycopy(p.v2().bytes(), 0, cid, 0, 4);
    cid[4] = (byte) (varint.length + 33);
    System.arraycopy(varint, 0, cid, 5, varint.length);
    cid[5 + varint.length] = (byte) p.height();
    System.arraycopy(p.root(), 0, cid, 6 + varint.length, 32);
    return cid;
  }

  private static Uint64 u64(long v) {
    return new Uint64(new BigInteger(Long.toUnsignedString(v)));
  }

  @SuppressWarnings("rawtypes")
  private static List<?> values(Type array) {
    return ((DynamicArray<?>) array).getValue().stream().map(t -> ((Type) t).getValue()).toList();
  }
}

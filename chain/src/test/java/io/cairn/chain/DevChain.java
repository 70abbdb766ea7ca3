package io.cairn.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.proofs.CommP;
import io.cairn.proofs.HashBackend;
import io.cairn.proofs.PieceSource;
import io.cairn.proofs.PieceTree;
import io.cairn.proofs.ProofBundle;
import io.cairn.proofs.Prover;
import io.cairn.storage.testing.JsReference;
import io.cairn.storage.testing.TestData;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * A fresh Anvil chain with the contracts deployed and clients for four dev accounts: the deployer,
 * a provider, a client and a stranger.
 */
final class DevChain implements AutoCloseable {
  static final BigInteger ETHER = BigInteger.TEN.pow(18);

  final Anvil anvil;
  final Deployment deployment;
  final MarketParams params;
  final ChainClient deployer;
  final ChainClient provider;
  final ChainClient client;
  final ChainClient stranger;
  final List<String> keys;

  /** The pieces of the deals proven so far, by deal: a set's proof answers for all of them. */
  final Map<BigInteger, Piece> known = new java.util.concurrent.ConcurrentHashMap<>();

  DevChain(MarketParams params) {
    this.anvil = Anvil.start(Anvil.locate(JsReference.projectRoot()), 0, null, 0);
    this.keys = anvil.devPrivateKeys();
    assertThat(keys).hasSizeGreaterThanOrEqualTo(4);
    this.params = params;
    this.deployment =
        ChainClient.deploy(anvil.rpc(), ChainAccount.fromPrivateKey(keys.get(0)), params);
    this.deployer = connect(0);
    this.provider = connect(1);
    this.client = connect(2);
    this.stranger = connect(3);
  }

  ChainClient connect(int account) {
    return connect(account, anvil.rpc());
  }

  /** A client for dev account {@code account} that reaches the chain through {@code rpc}. */
  ChainClient connect(int account, URI rpc) {
    return ChainClient.connect(
        new ChainOptions(rpc, deployment, 1, Duration.ofMillis(20)),
        ChainAccount.fromPrivateKey(keys.get(account)));
  }

  URI rpc() {
    return anvil.rpc();
  }

  /** A transactor for raw calls the client API does not offer (attacks, test contracts). */
  Transactor transactor(int account) {
    Web3j web3 = Web3j.build(new HttpService(anvil.rpc().toString()));
    return new Transactor(
        web3,
        ChainAccount.fromPrivateKey(keys.get(account)).credentials(),
        deployment.chainId(),
        Duration.ofMillis(20),
        new ContractAbi("TestToken", "ProviderRegistry", "StorageMarket", "ComputeMarket"));
  }

  static ProviderOffer offer(String peerId) {
    return new ProviderOffer(
        peerId,
        "/ip4/127.0.0.1/tcp/4001",
        1L << 40,
        ETHER,
        "NVIDIA H100",
        80L << 30,
        BigInteger.valueOf(2).multiply(ETHER));
  }

  void registerProvider() {
    provider.registerProvider(offer("12D3KooWProviderPeer"), ETHER);
  }

  /** Mines empty blocks until the head is {@code block} (nothing if it is there already). */
  void mineTo(long block) {
    long head = provider.blockNumber();
    if (block > head) {
      anvil.mine((int) (block - head));
    }
  }

  /** The market's deployment block: periods count from it. */
  long genesis() {
    return provider.marketGenesis();
  }

  /** The seed block of period {@code p}: once it is mined, the next block is in the window. */
  long seedBlock(long p) {
    return params.seedBlock(genesis(), p);
  }

  /** The last block of period {@code p}'s window. */
  long windowEnd(long p) {
    return params.windowEnd(genesis(), p);
  }

  /** The period the next block falls in. */
  long nextPeriod() {
    return params.periodOf(genesis(), provider.blockNumber() + 1);
  }

  /** A real piece of {@code size} seeded random bytes, with its tree. */
  record Piece(byte[] payload, PieceTree tree) {
    String cid() {
      return tree.piece().toString();
    }

    /** Proves this piece alone, as set {@code setId}. */
    ProofBundle prove(long setId, byte[] seed, int count) {
      try (PieceSource src = PieceSource.of(payload)) {
        return Prover.prove(setId, seed, count, List.of(new Prover.Provable(tree, src)));
      }
    }
  }

  static Piece piece(long seed, int size) {
    byte[] payload = TestData.bytes(seed, size);
    try (HashBackend cpu = HashBackend.cpu(1)) {
      return new Piece(payload, CommP.of(payload, cpu));
    }
  }

  /** Mines to period {@code k}'s seed block (from the deal's first period) and proves the set. */
  TxResult proveNext(BigInteger dealId, Piece piece, int k) {
    known.put(dealId, piece);
    DealInfo d = provider.deal(dealId);
    return proveSet(provider, d.firstPeriod() + k, known);
  }

  /** The one challenge open for {@code who}'s sets (a provider with deals from one client). */
  static Challenge only(ChainClient who) {
    List<Challenge> open = who.challenges();
    assertThat(open).as("open challenges of %s", who.address()).hasSize(1);
    return open.get(0);
  }

  /** The proof of {@code who}'s set for period {@code p}, its pieces found by deal. */
  ProofBundle bundle(ChainClient who, long p, Map<BigInteger, Piece> byDeal) {
    mineTo(seedBlock(p));
    Challenge c = DevChain.only(who);
    assertThat(c.period()).isEqualTo(p);
    return bundle(c, byDeal);
  }

  static ProofBundle bundle(Challenge c, Map<BigInteger, Piece> byDeal) {
    List<PieceSource> sources = new ArrayList<>();
    try {
      List<Prover.Provable> provables = new ArrayList<>();
      for (SetPiece sp : c.pieces()) {
        Piece piece = byDeal.get(sp.dealId());
        PieceSource src = PieceSource.of(piece.payload());
        sources.add(src);
        provables.add(new Prover.Provable(piece.tree(), src));
      }
      return Prover.prove(c.setId(), c.seed(), c.count(), provables);
    } finally {
      sources.forEach(PieceSource::close);
    }
  }

  /**
   * Mines to period {@code p}'s seed block and proves each of {@code who}'s sets (one per client);
   * returns the last proof's result.
   */
  TxResult proveSet(ChainClient who, long p, Map<BigInteger, Piece> byDeal) {
    mineTo(seedBlock(p));
    List<Challenge> open = who.challenges();
    assertThat(open).as("open challenges of %s", who.address()).isNotEmpty();
    TxResult last = null;
    for (Challenge c : open) {
      assertThat(c.period()).isEqualTo(p);
      last = who.provePeriod(bundle(c, byDeal).calldata(c.header()));
    }
    return last;
  }

  @Override
  public void close() {
    for (ChainClient c : List.of(deployer, provider, client, stranger)) {
      c.close();
    }
    anvil.close();
  }
}

package io.cairn.node.p2p.deal;

import io.cairn.retrieval.p2p.Host;
import io.cairn.retrieval.p2p.P2pException;
import io.cairn.storage.Cid;
import io.cairn.storage.KeyValueTable;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import io.cairn.storage.codec.Protobuf;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deal proposals ({@code /cairn/deal-proposal/1.0.0}) and their engine: a client tells the provider
 * of a deal it opened which DAG the deal's piece is made of; the provider checks the deal (through
 * {@link Check}, off the event loop), records the proposal with the client's peer ID in a table
 * keyed by deal ID, and answers. The provider then fetches the DAG from the client.
 */
public final class DealProposals {
  private static final Logger LOG = LoggerFactory.getLogger(DealProposals.class);

  public static final String PROTOCOL_ID = "/cairn/deal-proposal/1.0.0";

  /** How long either side waits for the other's message. */
  static final int TIMEOUT_SECONDS = 30;

  /** The provider's answer: accepted for fetching, or refused with the reason. */
  public record Answer(boolean accepted, String message) {
    public Answer {
      message = message == null ? "" : message;
    }
  }

  /** A proposal a provider received, with the peer that sent it. */
  public record Received(DealProposal proposal, PeerId client) {}

  /** The provider's policy: why it refuses a proposal, or empty to take it. May block. */
  @FunctionalInterface
  public interface Check {
    Optional<String> refusal(PeerId client, DealProposal proposal);
  }

  private final Host host;
  private final KeyValueTable table;
  private final Check check;
  private final Executor executor;
  private final AtomicLong malformed = new AtomicLong();

  private DealProposals(Host host, KeyValueTable table, Check check, Executor executor) {
    this.host = host;
    this.table = table;
    this.check = check;
    this.executor = executor;
  }

  /**
   * Registers the protocol on {@code host}.
   *
   * @param table where received proposals are kept (such as {@code
   *     Storage.table("deal-proposals")})
   * @param check the provider's policy, run on {@code executor}
   */
  public static DealProposals install(
      Host host, KeyValueTable table, Check check, Executor executor) {
    DealProposals proposals = new DealProposals(host, table, check, executor);
    host.register(new DealProposalBinding(proposals));
    return proposals;
  }

  /**
   * Sends {@code proposal} to {@code provider}, dialing {@code addresses} (then those the peer
   * store knows) if not connected. Fails with {@link P2pException} when the provider cannot be
   * reached or does not answer; a refusal is an answer.
   */
  public CompletableFuture<Answer> propose(
      PeerId provider, Collection<Multiaddr> addresses, DealProposal proposal) {
    return host.connect(provider, addresses)
        .thenCompose(c -> c.newStream(List.of(PROTOCOL_ID)))
        .thenCompose(
            s -> {
              ProposalRequester r = s.channel().pipeline().get(ProposalRequester.class);
              return r == null
                  ? CompletableFuture.failedFuture(
                      new P2pException("deal proposal stream to " + provider + " not set up"))
                  : r.send(proposal);
            });
  }

  /** The proposal received for {@code dealId}, if any. */
  public Optional<Received> received(BigInteger dealId) {
    return table.get(key(dealId)).map(v -> decodeRecord(dealId, v));
  }

  /** Forgets the proposal for {@code dealId} (once the deal is settled or refused). */
  public void forget(BigInteger dealId) {
    table.delete(key(dealId));
  }

  /** Proposals that did not decode, and peers dropped for breaking the protocol, since start. */
  public long malformed() {
    return malformed.get();
  }

  void countMalformed() {
    malformed.incrementAndGet();
  }

  /** Counts a peer that broke the protocol and closes its connections. */
  void drop(PeerId peer, String why) {
    malformed.incrementAndGet();
    LOG.warn("deal proposals: dropping peer {}: {}", peer, why);
    host.disconnect(peer)
        .whenComplete(
            (v, e) -> {
              if (e != null) {
                LOG.debug("disconnecting {} failed: {}", peer, e.toString());
              }
            });
  }

  /** Checks and records a proposal from {@code client}; never completes exceptionally. */
  CompletableFuture<Answer> receive(PeerId client, DealProposal p) {
    return CompletableFuture.supplyAsync(
            () -> {
              Optional<String> refusal = check.refusal(client, p);
              if (refusal.isPresent()) {
                LOG.info(
                    "refused the proposal for deal {} (root {}) from {}: {}",
                    p.dealId(),
                    p.root(),
                    client,
                    refusal.get());
                return new Answer(false, refusal.get());
              }
              Optional<Received> earlier = received(p.dealId());
              if (earlier.isPresent() && !earlier.get().proposal().equals(p)) {
                return new Answer(
                    false,
                    "deal "
                        + p.dealId()
                        + " was already proposed with root "
                        + earlier.get().proposal().root());
              }
              table.put(key(p.dealId()), encodeRecord(p.root(), client));
              LOG.info("deal {}: proposal from {} for root {}", p.dealId(), client, p.root());
              return new Answer(true, "deal " + p.dealId() + ": the provider fetches " + p.root());
            },
            executor)
        .exceptionally(e -> new Answer(false, "the provider could not check the deal: " + e));
  }

  private static byte[] key(BigInteger dealId) {
    byte[] raw = dealId.toByteArray();
    byte[] key = new byte[32];
    int n = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - n, key, 32 - n, n);
    return key;
  }

  private static byte[] encodeRecord(Cid root, PeerId client) {
    return new Protobuf.Writer().bytes(1, root.bytes()).bytes(2, client.bytes()).toByteArray();
  }

  private static Received decodeRecord(BigInteger dealId, byte[] value) {
    Protobuf.Reader r = new Protobuf.Reader(value, "stored deal proposal " + dealId);
    byte[] root = null;
    byte[] client = null;
    while (r.next()) {
      switch (r.field()) {
        case 1 -> root = r.expect(Protobuf.LENGTH_DELIMITED, "root").bytes();
        case 2 -> client = r.expect(Protobuf.LENGTH_DELIMITED, "client").bytes();
        default -> r.skip();
      }
    }
    if (root == null || client == null) {
      throw r.malformed("root or client is missing");
    }
    return new Received(
        new DealProposal(dealId, Cid.decode(root)),
        PeerId.decode(Arrays.copyOf(client, client.length)));
  }
}

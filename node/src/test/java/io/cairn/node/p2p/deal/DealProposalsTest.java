package io.cairn.node.p2p.deal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.retrieval.P2pHosts;
import io.cairn.retrieval.P2pNode;
import io.cairn.retrieval.P2pOptions;
import io.cairn.retrieval.p2p.P2pException;
import io.cairn.retrieval.p2p.Stream;
import io.cairn.retrieval.p2p.net.PeerStores;
import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multicodec;
import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Storages;
import io.cairn.storage.Varint;
import io.netty.buffer.Unpooled;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deal proposals between two real libp2p hosts on 127.0.0.1, the provider's table in RocksDB. */
class DealProposalsTest {
  private static final Cid ROOT = cid("a");
  private static final Cid OTHER = cid("b");

  @TempDir Path tmp;
  private Storage storage;
  private P2pNode clientNode;
  private P2pNode providerNode;
  private ExecutorService workers;
  private DealProposals client;
  private DealProposals provider;

  @BeforeEach
  void start() {
    storage = Storages.open(StorageOptions.defaults(tmp));
    workers = Executors.newSingleThreadExecutor();
    clientNode = P2pHosts.start(P2pOptions.loopback(), seed(1), PeerStores.memory());
    providerNode = P2pHosts.start(P2pOptions.loopback(), seed(2), PeerStores.memory());
    client =
        DealProposals.install(
            clientNode.host(),
            storage.table("client-proposals"),
            (peer, p) -> Optional.of("this node is no provider"),
            workers);
    provider =
        DealProposals.install(
            providerNode.host(),
            storage.table("deal-proposals"),
            (peer, p) ->
                p.dealId().equals(BigInteger.valueOf(9))
                    ? Optional.of("deal 9 is active, not open")
                    : Optional.empty(),
            workers);
  }

  @AfterEach
  void stop() {
    clientNode.close();
    providerNode.close();
    workers.shutdownNow();
    storage.close();
  }

  @Test
  void theProviderRecordsAnOpenDealsProposalWithTheClientsPeerId() throws Exception {
    DealProposal p = new DealProposal(BigInteger.valueOf(5), ROOT);
    DealProposals.Answer a = propose(p);
    assertThat(a.accepted()).as(a.message()).isTrue();
    assertThat(provider.received(BigInteger.valueOf(5)))
        .contains(new DealProposals.Received(p, clientNode.host().self()));
    assertThat(provider.received(BigInteger.valueOf(6))).isEmpty();
    // The same proposal again is taken; another root for the same deal is not.
    assertThat(propose(p).accepted()).isTrue();
    DealProposals.Answer other = propose(new DealProposal(BigInteger.valueOf(5), OTHER));
    assertThat(other.accepted()).isFalse();
    assertThat(other.message()).isEqualTo("deal 5 was already proposed with root " + ROOT);
    assertThat(provider.received(BigInteger.valueOf(5)).orElseThrow().proposal().root())
        .isEqualTo(ROOT);
  }

  @Test
  void aProposalTheProviderRefusesIsAnsweredWithTheReasonAndNotRecorded() throws Exception {
    DealProposals.Answer a = propose(new DealProposal(BigInteger.valueOf(9), ROOT));
    assertThat(a).isEqualTo(new DealProposals.Answer(false, "deal 9 is active, not open"));
    assertThat(provider.received(BigInteger.valueOf(9))).isEmpty();
  }

  @Test
  void aMalformedProposalIsRefusedCountedAndNotRecorded() throws Exception {
    Stream s = rawStream();
    var answer = answer(s);
    byte[] body = {0x0a, 0x01, 0x05, 0x18, 0x01}; // deal_id 5, then an unknown field 3
    s.channel().writeAndFlush(Unpooled.wrappedBuffer(Varint.encode(body.length), body));
    DealProposals.Answer a = answer.get();
    assertThat(a.accepted()).isFalse();
    assertThat(a.message()).isEqualTo("deal proposal is malformed: unknown field 3");
    assertThat(provider.malformed()).isEqualTo(1);
    assertThat(provider.received(BigInteger.valueOf(5))).isEmpty();
  }

  @Test
  void anOversizedProposalResetsTheStreamAndIsCounted() throws Exception {
    Stream s = rawStream();
    var answer = answer(s);
    s.channel()
        .writeAndFlush(
            Unpooled.wrappedBuffer(
                Varint.encode(DealProposalCodec.MAX_MESSAGE_BYTES + 1L), new byte[64]));
    assertThatThrownBy(answer::get)
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(P2pException.class);
    assertThat(provider.malformed()).isEqualTo(1);
  }

  private DealProposals.Answer propose(DealProposal p) throws Exception {
    return client
        .propose(providerNode.host().self(), providerNode.host().listenAddresses(), p)
        .get();
  }

  /** A stream on which the test writes raw bytes instead of a proposal. */
  private Stream rawStream() throws Exception {
    return clientNode
        .host()
        .connect(providerNode.host().self(), providerNode.host().listenAddresses())
        .thenCompose(c -> c.newStream(List.of(DealProposals.PROTOCOL_ID)))
        .get();
  }

  private static java.util.concurrent.CompletableFuture<DealProposals.Answer> answer(Stream s) {
    return s.channel().pipeline().get(ProposalRequester.class).answer();
  }

  private static Cid cid(String data) {
    return Cid.compute(
        1, Multicodec.DAG_PB.code(), HashFunction.SHA2_256, data.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] seed(int i) {
    byte[] seed = new byte[32];
    java.util.Arrays.fill(seed, (byte) i);
    return seed;
  }
}

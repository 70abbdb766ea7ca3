package io.cairn.retrieval.p2p.kad;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.retrieval.p2p.ProtocolBinding;
import io.cairn.retrieval.p2p.Stream;
import io.cairn.retrieval.p2p.testing.TestHosts;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multihash;
import io.cairn.storage.PeerId;
import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Storages;
import io.cairn.storage.Varint;
import io.cairn.storage.codec.KeyProtobuf;
import io.cairn.storage.codec.Protobuf;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lookups, provider records and the server's rules over a network of in-process nodes. */
class KadNetworkTest {
  private static final int NODES = 40;

  @TempDir Path dir;
  private Storage storage;
  private KadTestNet net;

  @BeforeEach
  void open() {
    storage = Storages.open(StorageOptions.defaults(dir));
    net = new KadTestNet(42, storage, new MutableClock(Instant.parse("2026-01-01T00:00:00Z")));
  }

  @AfterEach
  void close() {
    net.close();
    storage.close();
  }

  private static Multihash content(String text) {
    return HashFunction.SHA2_256.multihash(text.getBytes(StandardCharsets.UTF_8));
  }

  private static <T> T await(java.util.concurrent.CompletableFuture<T> f) throws Exception {
    return f.get(60, TimeUnit.SECONDS); // a guard against a hang, not a timing assertion
  }

  /** A node that knows only {@code via}: connected to it and nothing else. */
  private KadTestNet.Node newcomerKnowing(KadTestNet.Node via) throws Exception {
    KadTestNet.Node c = net.add(List.of(), 2);
    await(c.host().connect(via.host().self(), List.of(via.host().address())));
    assertThat(c.dht().routingTable()).containsExactly(via.host().self());
    return c;
  }

  @Test
  void lookupConvergesOnTheKClosestPeersOfTheNetwork() throws Exception {
    net.grow(NODES);
    KadTestNet.Node asker = net.nodes.get(NODES - 1);
    for (String text : List.of("a", "b", "c")) {
      byte[] key = content(text).bytes();
      KadKey target = KadKey.of(key);
      List<PeerId> everyone = new ArrayList<>();
      net.nodes.forEach(n -> everyone.add(n.host().self()));
      everyone.remove(asker.host().self());
      everyone.sort(Comparator.comparing(KadKey::of, target::compareDistance));

      List<PeerId> found = await(asker.dht().lookups().closestPeers(key));

      assertThat(found.subList(0, RoutingTable.K))
          .containsExactlyElementsOf(everyone.subList(0, RoutingTable.K));
    }
  }

  @Test
  void aLookupFromAnEmptyTableStartsFromTheSeedsItIsGiven() throws Exception {
    net.grow(10);
    KadTestNet.Node seed = net.nodes.get(4);
    KadTestNet.Node c = net.add(List.of(), 2); // knows no peer, as at a bootstrap's start
    c.host()
        .peerStore()
        .addAddresses(seed.host().self(), List.of(seed.host().address()), Duration.ofMinutes(5));
    assertThat(c.dht().routingTable()).isEmpty();

    List<PeerId> found =
        await(
            c.dht()
                .lookups()
                .run(
                    KadMessage.Type.FIND_NODE,
                    content("x").bytes(),
                    List.of(seed.host().self()),
                    m -> false,
                    -1,
                    0));
    assertThat(found).contains(seed.host().self()).hasSizeGreaterThan(5);
  }

  @Test
  void routingTablesHoldOnlyPeersThatAnnounceKad() throws Exception {
    net.grow(10);
    MemoryNetwork.MemoryHost client = net.network.newHost(); // speaks no kad
    KadTestNet.Node server = net.nodes.get(3);
    await(client.connect(server.host().self(), List.of(server.host().address())));

    assertThat(server.dht().routingTable()).doesNotContain(client.self()).hasSize(9);
  }

  @Test
  void aConnectionAdmitsAServerThroughIdentifyWithoutAQuery() throws Exception {
    // Real hosts over TCP, where Identify answers after the connection is up.
    List<Kademlia> dhts = new ArrayList<>();
    try (TestHosts hosts =
        TestHosts.start(
            2, h -> dhts.add(new Kademlia(h.host(), storage, KadOptions.defaults(List.of()))))) {
      hosts.connect(0, 1);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while ((dhts.get(0).routingTable().isEmpty() || dhts.get(1).routingTable().isEmpty())
          && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }

      assertThat(dhts.get(0).routingTable()).containsExactly(hosts.get(1).host().self());
      assertThat(dhts.get(1).routingTable()).containsExactly(hosts.get(0).host().self());
      assertThat(dhts.get(0).engine().requestsServed() + dhts.get(1).engine().requestsServed())
          .as("no FIND_NODE probe on connect: Identify alone admits a server")
          .isZero();
    } finally {
      dhts.forEach(Kademlia::stop);
    }
  }

  @Test
  void findPeerReachesAPeerThroughOthers() throws Exception {
    net.grow(NODES);
    KadTestNet.Node target = net.nodes.get(17);
    KadTestNet.Node c = newcomerKnowing(net.nodes.get(5));
    assertThat(c.host().peerStore().addresses(target.host().self())).isEmpty();

    Optional<Kademlia.PeerInfo> found = await(c.dht().findPeer(target.host().self()));

    assertThat(found).isPresent();
    assertThat(found.get().addresses()).containsExactly(target.host().address());
    // The peer c knew answered with closer peers: queried and useful (stats dht's columns).
    Kademlia.TablePeer known =
        c.dht().routingTableEntries(Kademlia.Dht.WAN).stream()
            .filter(e -> e.peer().equals(net.nodes.get(5).host().self()))
            .findFirst()
            .orElseThrow();
    assertThat(known.lastQueried()).isPresent();
    assertThat(known.lastUseful()).isPresent();
  }

  @Test
  void providersAreFoundAndStreamedAsTheyCome() throws Exception {
    net.grow(NODES);
    KadTestNet.Node a = net.nodes.get(9);
    Multihash mh = content("hello world\n");
    int delivered = await(a.dht().provide(List.of(mh)));
    assertThat(delivered).isEqualTo(RoutingTable.K);

    KadTestNet.Node c = newcomerKnowing(net.nodes.get(30));
    List<Kademlia.PeerInfo> streamed = new CopyOnWriteArrayList<>();
    List<Kademlia.PeerInfo> found = await(c.dht().findProviders(mh, 1, streamed::add));

    assertThat(found).hasSize(1);
    assertThat(found.get(0).peer()).isEqualTo(a.host().self());
    assertThat(found.get(0).addresses()).containsExactly(a.host().address());
    assertThat(streamed).isEqualTo(found);
  }

  /**
   * {@code Routing.Type dhtclient}: a client joins through one server, provides and is found as a
   * provider, but announces no Kademlia protocol, so no server takes it into its routing table.
   */
  @Test
  void aClientQueriesAndProvidesButStaysOutOfEveryRoutingTable() throws Exception {
    net.grow(NODES);
    MemoryNetwork.MemoryHost h = net.network.newHost();
    Kademlia client =
        new Kademlia(
            h,
            net.table("providers", 99),
            net.table("keys", 99),
            net.table("schedule", 99),
            net.table("values", 99),
            KadTestNet.options(List.of(), 2).asClient(),
            net.clock);
    try {
      KadTestNet.Node via = net.nodes.get(5);
      assertThat(h.protocols()).doesNotContain(Kademlia.PROTOCOL_ID);
      await(h.connect(via.host().self(), List.of(via.host().address())));
      assertThat(client.routingTable()).containsExactly(via.host().self());

      Multihash mh = content("provided by a DHT client");
      assertThat(await(client.provide(List.of(mh)))).isEqualTo(RoutingTable.K);
      KadTestNet.Node other = newcomerKnowing(net.nodes.get(30));
      List<Kademlia.PeerInfo> found = await(other.dht().findProviders(mh, 1, p -> {}));
      assertThat(found).extracting(Kademlia.PeerInfo::peer).containsExactly(h.self());

      for (KadTestNet.Node n : net.nodes) {
        assertThat(n.dht().routingTable()).doesNotContain(h.self());
      }
    } finally {
      client.stop();
    }
  }

  /**
   * Queued keys (the {@code all} provide strategy) are kept at once and announced together: 200
   * keys cost one lookup per keyspace region (4 here), not one per key or per call, and each is
   * then found through the DHT.
   */
  @Test
  void queuedKeysAreAnnouncedWithOneLookupPerRegion() throws Exception {
    net.grow(NODES);
    KadTestNet.Node a = net.nodes.get(11);
    List<Multihash> keys = new ArrayList<>();
    long lookups = a.dht().reprovideStatus().lookups();
    // The 200 calls may take longer than the queue's delay on a busy machine: the queue's timer
    // waits for them all, as it does for the calls of one import that come within the delay.
    a.dht().holdProvideQueues(true);
    for (int i = 0; i < 200; i++) {
      Multihash mh = content("queued " + i);
      keys.add(mh);
      a.dht().queueProvide(List.of(mh)); // one call per block, as an import makes them
    }
    assertThat(a.dht().reprovideStatus().keys()).isEqualTo(200);
    assertThat(a.dht().queuedRegions()).isEqualTo(4);
    assertThat(a.dht().reprovideStatus().lookups()).isEqualTo(lookups);
    a.dht().holdProvideQueues(false);
    // announced by the queue's timer, a second later, with one lookup per region
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while ((a.dht().reprovideStatus().lookups() - lookups < 4 || a.dht().queuedRegions() > 0)
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    Thread.sleep(Kademlia.QUEUE_DELAY.toMillis() + 200);
    assertThat(a.dht().reprovideStatus().lookups() - lookups).isEqualTo(4);
    assertThat(a.dht().queuedRegions()).isZero();
    while (a.dht().provideStats().ongoing().regionProvides() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20); // the ADD_PROVIDERs of the four regions go out
    }

    KadTestNet.Node c = newcomerKnowing(net.nodes.get(30));
    for (Multihash mh : List.of(keys.get(0), keys.get(99), keys.get(199))) {
      List<Kademlia.PeerInfo> found = await(c.dht().findProviders(mh, 1, p -> {}));
      assertThat(found).extracting(Kademlia.PeerInfo::peer).containsExactly(a.host().self());
    }
  }

  @Test
  void provideStoresTheRecordOnTheKClosestPeers() throws Exception {
    net.grow(NODES);
    KadTestNet.Node a = net.nodes.get(2);
    Multihash mh = content("block");
    await(a.dht().provide(List.of(mh)));
    KadKey target = KadKey.of(mh);
    List<KadTestNet.Node> others = new ArrayList<>(net.nodes);
    others.remove(a);
    others.sort(Comparator.comparing(n -> KadKey.of(n.host().self()), target::compareDistance));

    for (KadTestNet.Node n : others.subList(0, RoutingTable.K)) {
      assertThat(n.dht().localProviders(mh, 10))
          .as("node %d, among the k closest", n.index())
          .extracting(Kademlia.PeerInfo::peer)
          .containsExactly(a.host().self());
    }
    for (KadTestNet.Node n : others.subList(RoutingTable.K, others.size())) {
      assertThat(n.dht().localProviders(mh, 10)).isEmpty();
    }
  }

  @Test
  void aPeerThatNeverAnswersDoesNotStopALookup() throws Exception {
    net.grow(12);
    net.nodes.get(4).host().silent();
    net.nodes.get(7).host().unreachable();
    KadTestNet.Node asker = net.nodes.get(11);

    List<PeerId> found = await(asker.dht().lookups().closestPeers(content("x").bytes()));

    assertThat(found)
        .hasSize(9)
        .doesNotContain(net.nodes.get(4).host().self(), net.nodes.get(7).host().self());
  }

  @Test
  void onlyTheSenderMayAddItselfAsAProvider() throws Exception {
    net.grow(3);
    KadTestNet.Node sender = net.nodes.get(1);
    KadTestNet.Node server = net.nodes.get(2);
    PeerId someoneElse = net.nodes.get(0).host().self();
    Multihash honest = content("mine");
    Multihash forged = content("theirs");
    long before = server.dht().misbehaviours();

    Stream s = await(sender.host().newStream(server.host().self(), List.of(Kademlia.PROTOCOL_ID)));
    KadClientHandler h = s.channel().pipeline().get(KadClientHandler.class);
    s.channel()
        .writeAndFlush(
            KadMessage.reply(
                KadMessage.Type.ADD_PROVIDER,
                forged.bytes(),
                List.of(),
                List.of(
                    new KadMessage.Peer(
                        someoneElse, List.of(), KadMessage.Connectedness.CONNECTED))));
    s.channel()
        .writeAndFlush(
            KadMessage.reply(
                KadMessage.Type.ADD_PROVIDER,
                honest.bytes(),
                List.of(),
                List.of(
                    new KadMessage.Peer(
                        sender.host().self(),
                        List.of(sender.host().address()),
                        KadMessage.Connectedness.CONNECTED))));
    // Requests on one stream are handled in order: once PING is answered, both were handled.
    await(h.request(KadMessage.request(KadMessage.Type.PING, new byte[0])));

    assertThat(server.dht().localProviders(forged, 10)).isEmpty();
    assertThat(server.dht().localProviders(honest, 10))
        .containsExactly(
            new Kademlia.PeerInfo(sender.host().self(), List.of(sender.host().address())));
    assertThat(server.dht().misbehaviours()).isEqualTo(before + 1);
  }

  @Test
  void aReplyWithTooManyPeersAndBogusAddressesIsTruncatedAndCounted() throws Exception {
    net.grow(3);
    MemoryNetwork.MemoryHost liar = net.network.newHost();
    List<PeerId> fakes = new ArrayList<>();
    java.util.Random random = new java.util.Random(5);
    for (int i = 0; i < 30; i++) {
      byte[] key = new byte[32];
      random.nextBytes(key);
      fakes.add(PeerId.fromPublicKey(KeyProtobuf.encode(KeyProtobuf.ED25519, key)));
    }
    liar.register(new LyingBinding(fakes));
    KadTestNet.Node asker = net.nodes.get(2);
    await(asker.host().connect(liar.self(), List.of(liar.address())));
    long before = asker.dht().misbehaviours();

    KadMessage reply =
        await(
            asker
                .dht()
                .lookups()
                .queries()
                .query(liar.self(), KadMessage.request(KadMessage.Type.FIND_NODE, new byte[] {1})));

    assertThat(reply.closerPeers()).hasSize(KadCodec.MAX_PEERS);
    assertThat(reply.closerPeers()).allSatisfy(p -> assertThat(p.addrs()).isEmpty());
    assertThat(asker.dht().misbehaviours()).isEqualTo(before + 1);
    assertThat(asker.dht().routingTable()).doesNotContain(liar.self());
  }

  @Test
  void aRequestThatDoesNotDecodeResetsTheStreamAndCountsThePeer() throws Exception {
    net.grow(2);
    KadTestNet.Node server = net.nodes.get(1);
    MemoryNetwork.MemoryHost raw = net.network.newHost();
    raw.register(
        new ProtocolBinding() {
          @Override
          public List<String> protocolIds() {
            return List.of(Kademlia.PROTOCOL_ID);
          }

          @Override
          public void initStream(Stream stream) {}
        });
    await(raw.connect(server.host().self(), List.of(server.host().address())));
    long before = server.dht().misbehaviours();

    Stream s = await(raw.newStream(server.host().self(), List.of(Kademlia.PROTOCOL_ID)));
    // A framed message whose field 1 (type) claims the length-delimited wire type.
    s.channel().writeAndFlush(Unpooled.wrappedBuffer(new byte[] {3, 0x0A, 1, 0x00}));
    s.channel().closeFuture().await(60, TimeUnit.SECONDS); // a guard, not a timing assertion

    assertThat(s.channel().isActive()).isFalse();
    assertThat(server.dht().misbehaviours()).isEqualTo(before + 1);
    assertThat(server.dht().routingTable()).doesNotContain(raw.self());
  }

  /** A kad server that answers every request with 30 closer peers whose addresses are junk. */
  private static final class LyingBinding implements ProtocolBinding {
    private final List<PeerId> fakes;

    LyingBinding(List<PeerId> fakes) {
      this.fakes = fakes;
    }

    @Override
    public List<String> protocolIds() {
      return List.of(Kademlia.PROTOCOL_ID);
    }

    @Override
    public void initStream(Stream stream) {
      stream
          .channel()
          .pipeline()
          .addLast(
              new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                  ((ByteBuf) msg).release();
                  Protobuf.Writer w = new Protobuf.Writer().varint(1, 4);
                  for (PeerId p : fakes) {
                    w.bytes(
                        8,
                        new Protobuf.Writer()
                            .bytes(1, p.bytes())
                            .bytes(2, new byte[] {(byte) 0xEE, 0x01, 0x02})
                            .toByteArray());
                  }
                  byte[] body = w.toByteArray();
                  ctx.writeAndFlush(Unpooled.wrappedBuffer(Varint.encode(body.length), body));
                }
              });
    }
  }
}

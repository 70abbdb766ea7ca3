package io.cairn.retrieval.p2p.bitswap;

import io.cairn.retrieval.P2pHosts;
import io.cairn.retrieval.P2pNode;
import io.cairn.retrieval.P2pOptions;
import io.cairn.retrieval.p2p.net.PeerStores;
import io.cairn.retrieval.p2p.testing.TestHosts;
import io.cairn.storage.Block;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.Multicodec;
import io.cairn.storage.PeerId;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * BENCH ONLY (run by {@code bench/p2p}): the heap of one Cairn node holding WANTS wants of its own,
 * sent to PEERS peers, and then PEERS peers' wants of WANTS blocks each. The peers run in a second
 * JVM, so this JVM's heap is the node's. Prints figures; asserts nothing.
 *
 * <pre>
 * WantsBench node WANTS PEERS     the node (starts the peers' JVM itself)
 * WantsBench peers ADDR PEERS WANTS
 * </pre>
 */
public final class WantsBench {
  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  private WantsBench() {}

  public static void main(String[] args) throws Exception {
    if (args[0].equals("node")) {
      node(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
    } else {
      peers(Multiaddr.parse(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
    }
    System.exit(0);
  }

  /** Block CIDs no node holds: {@code set} picks one of several disjoint sets. */
  static Cid missing(int set, int i) {
    byte[] b = ByteBuffer.allocate(12).putInt(set).putLong(i).array();
    return Block.create(Multicodec.RAW, b).cid();
  }

  private static Bitswap bitswap(
      P2pNode node, int maxWants, ExecutorService workers, ScheduledExecutorService timer) {
    Bitswap b =
        new Bitswap(
            node.host(),
            BlockStores.memory(),
            BitswapOptions.DEFAULTS.withMaxWants(maxWants).withFetchTimeout(TIMEOUT),
            ProviderFinder.NONE,
            workers,
            timer);
    b.start();
    return b;
  }

  private static void node(int wants, int peers) throws Exception {
    ExecutorService workers = Executors.newFixedThreadPool(2);
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    P2pNode node = P2pHosts.start(P2pOptions.loopback(), TestHosts.seed(0), PeerStores.memory());
    Bitswap bitswap = bitswap(node, wants, workers, timer);
    long idle = heapAfterGc();

    String java = ProcessHandle.current().info().command().orElse("java");
    Process others =
        new ProcessBuilder(
                java,
                "-Xmx1g",
                "-cp",
                System.getProperty("java.class.path"),
                WantsBench.class.getName(),
                "peers",
                node.dialAddresses().get(0).toString(),
                Integer.toString(peers),
                Integer.toString(wants))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    BufferedReader fromPeers =
        new BufferedReader(new InputStreamReader(others.getInputStream(), StandardCharsets.UTF_8));
    PrintStream toPeers = new PrintStream(others.getOutputStream(), true, StandardCharsets.UTF_8);
    try {
      expect(fromPeers, "connected");
      waitFor(() -> node.host().connections().size() >= peers, "the peers to connect");
      long connected = heapAfterGc();

      ClientEngine client = bitswap.client();
      for (int i = 0; i < wants; i++) {
        bitswap.fetch(missing(0, i));
      }
      Cid last = missing(0, wants - 1);
      waitFor(() -> client.sentTo(last).size() >= peers, "the wantlist to reach every peer");
      long queued = heapAfterGc(); // the wants' messages still on their way to the peers
      Thread.sleep(3000);
      long holding = heapAfterGc();

      toPeers.println("want");
      expect(fromPeers, "wanting");
      Ledgers ledgers = bitswap.ledgers();
      waitFor(() -> ledgers.peers().size() >= peers, "every peer's wantlist");
      Thread.sleep(2000); // let the last wantlist messages land
      long serving = heapAfterGc();

      System.out.printf("  %-58s %8.1f MiB%n", "heap after GC: node started", mib(idle));
      System.out.printf("  %-58s %8.1f MiB%n", "  + " + peers + " peers connected", mib(connected));
      line("  + " + wants + " wants of its own, just sent to every peer", queued, connected);
      line("    3 s later (the messages written)", holding, connected);
      line("  + " + peers + " peers wanting " + wants + " blocks each", serving, holding);
      System.out.printf(
          "  WantList accounting: %d wants, %d peers indexed, %d bytes of peer sets"
              + " (a per-peer copy would hold %d entries)%n",
          client.wantCount(), client.peersIndexed(), client.peerSetBytes(), (long) wants * peers);
      System.out.printf(
          "  server ledgers: %d wants queued for %d peers (cap %d per peer, %d asked for)%n",
          ledgers.queuedWants(),
          ledgers.peers().size(),
          BitswapOptions.DEFAULTS.maxWantsPerPeer(),
          (long) wants * peers);
    } finally {
      toPeers.close();
      others.waitFor(30, TimeUnit.SECONDS);
      others.destroy();
      bitswap.stop();
      node.close();
      workers.shutdownNow();
      timer.shutdownNow();
    }
  }

  private static void peers(Multiaddr target, int peers, int wants) throws Exception {
    ExecutorService workers = Executors.newFixedThreadPool(2);
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    PeerId targetId = PeerId.parse(target.toString().replaceAll(".*/p2p/", ""));
    List<Bitswap> nodes = new ArrayList<>();
    for (int p = 0; p < peers; p++) {
      P2pNode node =
          P2pHosts.start(P2pOptions.loopback(), TestHosts.seed(p + 1), PeerStores.memory());
      nodes.add(bitswap(node, wants, workers, timer));
      node.host().connect(targetId, List.of(target)).get(30, TimeUnit.SECONDS);
    }
    System.out.println("connected");
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    if (!"want".equals(in.readLine())) {
      return;
    }
    for (int p = 0; p < peers; p++) {
      for (int i = 0; i < wants; i++) {
        nodes.get(p).fetch(missing(p + 1, i));
      }
    }
    System.out.println("wanting");
    while (in.readLine() != null) {
      // hold the wants until the node is done
    }
  }

  private static void expect(BufferedReader in, String line) throws Exception {
    String got = in.readLine();
    if (!line.equals(got)) {
      throw new IllegalStateException("the peers' JVM said " + got + ", not " + line);
    }
  }

  private static void waitFor(BooleanSupplier condition, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("gave up waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  private static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static void line(String what, long heap, long before) {
    System.out.printf("  %-58s %8.1f MiB  (%+.1f MiB)%n", what, mib(heap), mib(heap - before));
  }

  private static double mib(long bytes) {
    return bytes / 1048576.0;
  }
}

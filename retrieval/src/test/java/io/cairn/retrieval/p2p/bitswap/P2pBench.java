package io.cairn.retrieval.p2p.bitswap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.retrieval.P2pHosts;
import io.cairn.retrieval.P2pNode;
import io.cairn.retrieval.P2pOptions;
import io.cairn.retrieval.p2p.net.PeerStores;
import io.cairn.retrieval.p2p.testing.TestHosts;
import io.cairn.storage.Cid;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Storages;
import io.cairn.storage.unixfs.ImportListener;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.Profile;
import io.cairn.storage.unixfs.UnixFsExporter;
import io.cairn.storage.unixfs.UnixFsImporter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * BENCH ONLY (run by {@code bench/p2p}, not a test): Bitswap between Cairn nodes and Helia, beside
 * raw TCP and the bare transport. Prints figures and ratios; asserts nothing.
 *
 * <pre>
 * P2pBench cairn FILE WORK RUNS            1 GiB Cairn->Cairn over TLS and over Noise, raw TCP,
 *                                          TLS+Yamux and Noise+Yamux echo
 * P2pBench helia FILE WORK RUNS NODE MJS   Cairn->Helia, Helia->Cairn, Helia->Helia
 * </pre>
 *
 * Every node imports with the unixfs-v1-2025 profile (CIDv1, raw leaves, 1 MiB chunks, 1024 links:
 * Helia's defaults), so both sides name the file with the same CID.
 */
public final class P2pBench {
  private static final ImportOptions IMPORT = ImportOptions.profile(Profile.UNIXFS_V1_2025);
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The security protocols part 1 measures: both, or the one {@code -Dbench.security} names. */
  private static final List<P2pOptions.Security> SECURITY =
      System.getProperty("bench.security") == null
          ? P2pOptions.DEFAULT_SECURITY
          : List.of(
              P2pOptions.Security.valueOf(
                  System.getProperty("bench.security").toUpperCase(java.util.Locale.ROOT)));

  private static final Charset UTF8 = StandardCharsets.UTF_8;

  private P2pBench() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[1]);
    Path work = Path.of(args[2]);
    int runs = Integer.parseInt(args[3]);
    switch (args[0]) {
      case "cairn" -> cairn(file, work, runs);
      case "helia" -> helia(file, work, runs, args[4], args[5]);
      default -> throw new IllegalArgumentException("unknown part " + args[0]);
    }
    System.exit(0);
  }

  /** A Cairn node: a RocksDB repo, a libp2p host and Bitswap over them. */
  static final class Node implements AutoCloseable {
    final Storage storage;
    final P2pNode p2p;
    final Bitswap bitswap;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;

    Node(Path repo, int seed) {
      this(repo, seed, P2pOptions.DEFAULT_SECURITY);
    }

    Node(Path repo, int seed, List<P2pOptions.Security> security) {
      deleteTree(repo);
      storage = Storages.open(StorageOptions.defaults(repo));
      p2p =
          P2pHosts.start(
              P2pOptions.loopback().withSecurity(security),
              TestHosts.seed(seed),
              PeerStores.memory());
      workers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
      timer = Executors.newSingleThreadScheduledExecutor();
      bitswap =
          new Bitswap(
              p2p.host(),
              storage.blocks(),
              BitswapOptions.DEFAULTS.withFetchTimeout(TIMEOUT),
              ProviderFinder.NONE,
              workers,
              timer);
      bitswap.start();
    }

    Cid importFile(Path file) throws IOException {
      try (InputStream in = Files.newInputStream(file)) {
        return new UnixFsImporter(storage.blocks(), IMPORT)
            .importStream(file.getFileName().toString(), in, ImportListener.NONE)
            .cid();
      }
    }

    void connect(PeerId peer, List<Multiaddr> addresses) throws Exception {
      p2p.host().connect(peer, addresses).get(20, TimeUnit.SECONDS);
    }

    /** Fetches the file over Bitswap and writes it to nowhere; returns the bytes read. */
    long fetchFile(Cid cid) {
      FetchingBlockStore fetching =
          new FetchingBlockStore(storage.blocks(), bitswap, TIMEOUT, false);
      // Read to the end and dropped; each block was hash-checked by Bitswap on arrival and is
      // checked again by the verifying store as the exporter reads it.
      try (InputStream in = new UnixFsExporter(fetching).open(cid, 0, -1)) {
        return in.transferTo(OutputStream.nullOutputStream());
      } catch (IOException | RuntimeException e) {
        System.err.printf(
            "fetch failed; connections %s; %s%n", p2p.host().connections(), bitswap.stat());
        throw new IllegalStateException("fetching " + cid + " failed: " + e, e);
      }
    }

    @Override
    public void close() {
      bitswap.stop();
      p2p.close();
      workers.shutdownNow();
      timer.shutdownNow();
      storage.close();
    }
  }

  private static void cairn(Path file, Path work, int runs) throws Exception {
    long size = Files.size(file);
    // Both security protocols side by side, each node offering only the one measured; CPU time of
    // the whole process (both nodes) per byte moved: steadier than throughput on a busy machine,
    // where other processes' load moves MB/s but not the work done.
    System.out.printf(
        "  %-4s %-5s %12s %14s %14s %10s %10s %12s %12s%n",
        "run",
        "sec",
        "raw TCP MB/s",
        "transport MB/s",
        "Bitswap MB/s",
        "/raw TCP",
        "/transport",
        "transport ns",
        "Bitswap ns");
    try (Node a = new Node(work.resolve("repo-a"), 0)) {
      long t0 = System.nanoTime();
      Cid cid = a.importFile(file);
      double importS = seconds(t0);
      for (int run = 1; run <= runs; run++) {
        double raw = mbps(size, RawTcp.copy(file));
        for (P2pOptions.Security security : SECURITY) {
          long cpu = cpuNanos();
          double transport = mbps(size, TransportEcho.run(file, security));
          double transportNs = (cpuNanos() - cpu) / (double) size;
          double bitswap;
          double bitswapNs;
          try (Node b = new Node(work.resolve("repo-b"), 1, List.of(security))) {
            b.connect(a.p2p.peerId(), a.p2p.host().listenAddresses());
            long start = System.nanoTime();
            long cpu0 = cpuNanos();
            long got = b.fetchFile(cid);
            bitswap = mbps(size, seconds(start));
            bitswapNs = (cpuNanos() - cpu0) / (double) size;
            check(got, size, cid);
          }
          System.out.printf(
              "  %-4d %-5s %12.0f %14.0f %14.0f %9.2fx %9.2fx %12.2f %12.2f%n",
              run,
              security.name().toLowerCase(java.util.Locale.ROOT),
              raw,
              transport,
              bitswap,
              bitswap / raw,
              bitswap / transport,
              transportNs,
              bitswapNs);
        }
      }
      System.out.printf(
          "  file %s: %d MiB imported into the sender's repo in %.1f s (%.0f MB/s)%n",
          cid, size >> 20, importS, mbps(size, importS));
    }
  }

  private static void helia(Path file, Path work, int runs, String node, String script)
      throws Exception {
    long size = Files.size(file);
    System.out.printf(
        "  %-4s %18s %18s %18s %14s %14s%n",
        "run",
        "Cairn->Cairn MB/s",
        "Cairn->Helia MB/s",
        "Helia->Cairn MB/s",
        "Helia->Helia",
        "C->C / H->H");
    try (Node a = new Node(work.resolve("repo-a"), 0);
        HeliaProcess helia = HeliaProcess.serve(node, script, file)) {
      Cid cid = a.importFile(file);
      if (!cid.toString().equals(helia.cid)) {
        System.out.printf("  ROOT CIDS DIFFER: Cairn %s, Helia %s%n", cid, helia.cid);
      }
      String cairnAddress = a.p2p.dialAddresses().get(0).toString();
      for (int run = 1; run <= runs; run++) {
        double cc;
        try (Node b = new Node(work.resolve("repo-b"), 1)) {
          b.connect(a.p2p.peerId(), a.p2p.host().listenAddresses());
          long start = System.nanoTime();
          check(b.fetchFile(cid), size, cid);
          cc = mbps(size, seconds(start));
        }
        double ch = mbps(size, HeliaProcess.fetch(node, script, cairnAddress, cid, size));
        double hc;
        try (Node b = new Node(work.resolve("repo-b"), 1)) {
          Multiaddr address = Multiaddr.parse(helia.address);
          b.connect(helia.peer(), List.of(address));
          long start = System.nanoTime();
          check(b.fetchFile(cid), size, cid);
          hc = mbps(size, seconds(start));
        }
        double hh = mbps(size, HeliaProcess.fetch(node, script, helia.address, cid, size));
        System.out.printf(
            "  %-4d %18.0f %18.0f %18.0f %14.0f %13.2fx%n", run, cc, ch, hc, hh, cc / hh);
      }
      System.out.printf(
          "  file %s: %d MiB; Helia imported it in %.1f s%n", cid, size >> 20, helia.importSeconds);
    }
  }

  /** A Helia node serving a file, run by Node 24 from {@code interop/bench-p2p.mjs}. */
  static final class HeliaProcess implements AutoCloseable {
    final Process process;
    final String address;
    final String cid;
    final double importSeconds;

    private HeliaProcess(Process process, JsonNode hello) {
      this.process = process;
      this.address = hello.get("addrs").get(0).asText();
      this.cid = hello.get("cid").asText();
      this.importSeconds = hello.get("importSeconds").asDouble();
    }

    static HeliaProcess serve(String node, String script, Path file) throws IOException {
      Process p =
          new ProcessBuilder(node, script, "serve", file.toString())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String line = new BufferedReader(new InputStreamReader(p.getInputStream(), UTF8)).readLine();
      if (line == null) {
        p.destroy();
        throw new IllegalStateException("the Helia node exited before serving " + file);
      }
      return new HeliaProcess(p, JSON.readTree(line));
    }

    PeerId peer() {
      return PeerId.parse(address.substring(address.lastIndexOf('/') + 1));
    }

    /** Runs a Helia node that fetches the file from {@code address}; returns its seconds. */
    static double fetch(String node, String script, String address, Cid cid, long size)
        throws IOException, InterruptedException {
      Process p =
          new ProcessBuilder(node, script, "fetch", address, cid.toString())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String line = new String(p.getInputStream().readAllBytes(), UTF8).strip();
      if (p.waitFor() != 0 || line.isEmpty()) {
        throw new IllegalStateException(
            "the Helia fetch of " + cid + " from " + address + " failed");
      }
      JsonNode result = JSON.readTree(line);
      check(result.get("bytes").asLong(), size, cid);
      return result.get("seconds").asDouble();
    }

    @Override
    public void close() throws IOException {
      process.getOutputStream().close();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroy();
        }
      } catch (InterruptedException e) {
        process.destroy();
        Thread.currentThread().interrupt();
      }
    }
  }

  static void check(long got, long size, Cid cid) {
    if (got != size) {
      throw new IllegalStateException("fetched " + got + " bytes of " + cid + ", expected " + size);
    }
  }

  /** CPU time used by this process so far, all threads. */
  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  static double mbps(long bytes, double seconds) {
    return bytes / 1e6 / seconds;
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir + ": " + e, e);
    }
  }
}

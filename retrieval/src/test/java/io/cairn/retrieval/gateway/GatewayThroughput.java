package io.cairn.retrieval.gateway;

import io.cairn.retrieval.GatewayListener;
import io.cairn.retrieval.GatewayOptions;
import io.cairn.retrieval.GatewayServer;
import io.cairn.storage.Cid;
import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Storages;
import io.cairn.storage.unixfs.ImportEntry;
import io.cairn.storage.unixfs.ImportListener;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.UnixFsImporter;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A gateway over a RocksDB repo holding a directory with a small JSON file and a large file, for
 * measuring with curl, wrk or a browser (and comparing with nginx serving the same files). Prints
 * the URLs and serves until killed; asserts nothing; not run by the test suite.
 *
 * <pre>
 * java -cp ... io.cairn.retrieval.gateway.GatewayThroughput DIR PORT FILE...
 * </pre>
 *
 * Each FILE is added (Kubo's default import) under its file name into one directory; the repo in
 * DIR is reused when it exists. {@code -Dcairn.verify=false} opens the repo without hashing blocks
 * on read (Kubo's {@code Datastore.HashOnRead=false}).
 */
final class GatewayThroughput {
  private GatewayThroughput() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int port = Integer.parseInt(args[1]);
    boolean fresh = !Files.exists(dir);
    boolean verify = Boolean.parseBoolean(System.getProperty("cairn.verify", "true"));
    Storage storage = Storages.open(new StorageOptions(dir, verify, 0));
    Cid root;
    List<ImportEntry> entries =
        java.util.Arrays.stream(args, 2, args.length)
            .map(Path::of)
            .<ImportEntry>map(
                p ->
                    new ImportEntry.File(p.getFileName().toString(), () -> Files.newInputStream(p)))
            .toList();
    long start = System.nanoTime();
    root =
        new UnixFsImporter(storage.blocks(), ImportOptions.defaults().withWrapWithDirectory(true))
            .importEntries(entries.iterator(), ImportListener.NONE)
            .get(0)
            .cid();
    System.out.printf(
        "%s repo %s (block reads %s), added in %.1f s%n",
        fresh ? "new" : "existing",
        dir,
        verify ? "hash-checked" : "not hash-checked",
        (System.nanoTime() - start) / 1e9);
    GatewayServer server =
        new GatewayServer(
            GatewayOptions.defaults(new InetSocketAddress("127.0.0.1", port)),
            storage.blocks(),
            GatewayListener.NONE);
    server.start();
    for (int i = 2; i < args.length; i++) {
      String name = Path.of(args[i]).getFileName().toString();
      System.out.println("http://127.0.0.1:" + port + "/ipfs/" + root + "/" + name);
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.stop();
                  storage.close();
                }));
    try (InputStream in = System.in) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    Thread.currentThread().join();
  }
}

package io.cairn.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.Filestore;
import io.cairn.storage.FilestoreEntry;
import io.cairn.storage.FilestoreEntry.Status;
import io.cairn.storage.FilestoreException;
import io.cairn.storage.HttpGet;
import io.cairn.storage.Multicodec;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.WriteSession;
import io.cairn.storage.testing.WebFileServer;
import io.cairn.storage.unixfs.AddedEntry;
import io.cairn.storage.unixfs.ImportEntry;
import io.cairn.storage.unixfs.ImportListener;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.UnixFsImporter;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The urlstore: raw leaves kept as references to spans of web files, read back over HTTP. */
class UrlstoreTest {
  private static final int CHUNK = 256 * 1024;

  @TempDir Path dir;
  private WebFileServer server;
  private byte[] bytes;
  private URI url;

  @BeforeEach
  void serve() {
    server = WebFileServer.start();
    bytes = new byte[2 * CHUNK + 500];
    new Random(11).nextBytes(bytes);
    url = server.serve("/data/file.bin", bytes);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private RocksStorage open(boolean filestore, boolean urlstore) {
    StorageOptions options =
        StorageOptions.defaults(dir.resolve("repo/datastore")).withUrlstore(urlstore);
    return RocksStorage.open(filestore ? options.withFilestoreRoot(dir) : options);
  }

  private Cid addNoCopy(RocksStorage storage, boolean pin) {
    try (WriteSession session = storage.beginWrite()) {
      UnixFsImporter importer =
          new UnixFsImporter(session.blocks(), ImportOptions.defaults().withRawLeaves(true));
      ImportEntry entry =
          new ImportEntry.File("file.bin", () -> new ByteArrayInputStream(bytes)).withSource(url);
      List<AddedEntry> added =
          importer.importEntries(List.of(entry).iterator(), ImportListener.NONE);
      Cid root = added.get(0).cid();
      if (pin) {
        session.pin(root, true, null);
      }
      return root;
    }
  }

  private static List<FilestoreEntry> list(Filestore fs, boolean verify) {
    try (Stream<FilestoreEntry> s = fs.list(true, verify)) {
      return s.toList();
    }
  }

  @Test
  void referencesSpansOfTheUrlAndReadsThemBackWithRanges() {
    Cid expected;
    try (BlockStore copy = BlockStores.memory()) {
      expected =
          new UnixFsImporter(copy, ImportOptions.defaults().withRawLeaves(true))
              .importStream("file.bin", new ByteArrayInputStream(bytes), ImportListener.NONE)
              .cid();
    }
    try (RocksStorage storage = open(false, true)) {
      Cid root = addNoCopy(storage, true);
      assertThat(root).isEqualTo(expected);
      Filestore fs = storage.filestore().orElseThrow();
      assertThat(fs.root()).isNull();
      List<FilestoreEntry> refs = list(fs, true);
      assertThat(refs).extracting(FilestoreEntry::filePath).containsOnly(url.toString());
      assertThat(refs).extracting(FilestoreEntry::offset).containsExactly(0L, 262144L, 524288L);
      assertThat(refs).extracting(FilestoreEntry::size).containsExactly(262144L, 262144L, 500L);
      assertThat(refs).extracting(FilestoreEntry::status).containsOnly(Status.OK);
      // Only the root is stored; the leaves come back over HTTP, one ranged GET each.
      assertThat(storage.stats().blockCount()).isEqualTo(1);
      int before = server.requests();
      FilestoreEntry last = refs.get(2);
      assertThat(storage.blocks().get(last.key()).orElseThrow())
          .isEqualTo(Arrays.copyOfRange(bytes, 2 * CHUNK, bytes.length));
      assertThat(server.requests()).isEqualTo(before + 1);
      assertThat(storage.verify(p -> {}).corrupt()).isEmpty();
    }
  }

  @Test
  void aServerThatIgnoresRangesServesTheFirstSpanAndIsRefusedForTheOthers() {
    try (RocksStorage storage = open(false, true)) {
      addNoCopy(storage, true);
      server.ignoreRanges(true);
      List<FilestoreEntry> refs = list(storage.filestore().orElseThrow(), true);
      assertThat(refs.get(0).status()).isEqualTo(Status.OK);
      assertThat(refs.get(1).status()).isEqualTo(Status.FILE_ERROR);
      assertThat(refs.get(1).errorMessage())
          .isEqualTo(
              "the server ignored the range bytes=262144-524287 (expected HTTP 206 got 200): "
                  + url);
    }
  }

  @Test
  void aUrlNoLongerServedIsAnErrorAndAChangedOneIsChanged() {
    try (RocksStorage storage = open(false, true)) {
      addNoCopy(storage, true);
      Filestore fs = storage.filestore().orElseThrow();
      byte[] changed = bytes.clone();
      changed[CHUNK + 5] ^= 1;
      server.serve("/data/file.bin", changed);
      assertThat(list(fs, true))
          .extracting(FilestoreEntry::status)
          .containsExactly(Status.OK, Status.FILE_CHANGED, Status.OK);
      server.serve("/data/file.bin", Arrays.copyOf(bytes, CHUNK + 10));
      FilestoreEntry shorter = list(fs, true).get(1);
      assertThat(shorter.status()).isEqualTo(Status.FILE_CHANGED);
      assertThat(shorter.errorMessage())
          .isEqualTo("unexpected EOF: " + url + " ends before offset 262144 + 262144 bytes");

      server.remove("/data/file.bin");
      List<FilestoreEntry> gone = list(fs, true);
      assertThat(gone).extracting(FilestoreEntry::status).containsOnly(Status.FILE_ERROR);
      assertThat(gone.get(0).errorMessage()).isEqualTo("expected HTTP 200 or 206 got 404");
      Cid leaf = gone.get(0).key();
      assertThatThrownBy(() -> storage.blocks().get(leaf))
          .isInstanceOf(FilestoreException.class)
          .hasMessageContaining("expected HTTP 200 or 206 got 404");
      assertThat(storage.verify(p -> {}).corrupt()).hasSize(3);
    }
  }

  @Test
  void garbageCollectionRemovesUnpinnedUrlReferences() {
    try (RocksStorage storage = open(false, true)) {
      Cid root = addNoCopy(storage, false);
      assertThat(list(storage.filestore().orElseThrow(), false)).hasSize(3);
      storage.collectGarbage(c -> {});
      assertThat(list(storage.filestore().orElseThrow(), false)).isEmpty();
      assertThat(storage.blocks().has(root)).isFalse();
    }
  }

  @Test
  void withTheUrlstoreOffAUrlIsRefusedAndItsReferencesReadAsKubosError() {
    try (RocksStorage storage = open(true, false)) {
      assertThatThrownBy(() -> addNoCopy(storage, true))
          .hasMessageEndingWith(": urlstore is not enabled");
      assertThat(storage.stats().blockCount()).isZero();
    }
    Cid leaf;
    try (RocksStorage storage = open(false, true)) {
      addNoCopy(storage, true);
      leaf = list(storage.filestore().orElseThrow(), false).get(0).key();
    }
    try (RocksStorage storage = open(true, false)) {
      FilestoreEntry e = storage.filestore().orElseThrow().list(leaf, true);
      assertThat(e.status()).isEqualTo(Status.FILE_ERROR);
      assertThat(e.errorMessage()).isEqualTo("urlstore is not enabled");
    }
    try (RocksStorage storage = open(false, false)) {
      assertThat(storage.blocks().has(leaf)).isFalse();
    }
  }

  @Test
  void aFileIsRefusedWithOnlyTheUrlstoreOn() {
    try (RocksStorage storage = open(false, true)) {
      Block b = Block.create(Multicodec.RAW, new byte[] {1, 2, 3});
      Block referenced =
          new Block(b.cid(), b.data(), new Block.FileOrigin(dir.resolve("f").toAbsolutePath(), 0));
      assertThatThrownBy(() -> storage.blocks().put(referenced))
          .hasMessage("filestore is not enabled, see https://git.io/vNItf");
    }
  }

  @Test
  void readsEndInTimeWhenTheServerIsSilentRefusesOrRedirectsForEver() throws Exception {
    UrlReader reader =
        new UrlReader(
            new HttpGet.Timeouts(Duration.ofMillis(500), Duration.ofMillis(300)),
            Duration.ofSeconds(5));
    Cid cid = Cid.v1(Multicodec.RAW, Block.create(Multicodec.RAW, new byte[1]).cid().multihash());
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (Socket s = silent.accept()) {
                      s.getInputStream().transferTo(OutputStream.nullOutputStream());
                    } catch (Exception e) {
                      // closed by the test
                    }
                  });
      String at = "http://127.0.0.1:" + silent.getLocalPort() + "/f";
      long start = System.nanoTime();
      assertThatThrownBy(() -> reader.read(cid, new FileRef(at, 0, 10)))
          .isInstanceOf(FilestoreException.class)
          .hasMessageStartingWith("Get \"" + at + "\": no answer within the time-out");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      acceptor.interrupt();
    }
    String loop = server.url("/loop/x").toString();
    assertThatThrownBy(() -> reader.read(cid, new FileRef(loop, 0, 10)))
        .hasMessage("Get \"" + loop + "\": stopped after 10 redirects");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String refused = "http://127.0.0.1:" + port + "/f";
    assertThatThrownBy(() -> reader.read(cid, new FileRef(refused, 0, 10)))
        .isInstanceOfSatisfying(
            FilestoreException.class, e -> assertThat(e.status()).isEqualTo(Status.FILE_ERROR))
        .hasMessage("Get \"" + refused + "\": connection refused");
  }
}

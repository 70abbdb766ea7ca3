package io.cairn.retrieval.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.Cid;
import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Storages;
import io.cairn.storage.dag.DagWalker;
import io.cairn.storage.testing.TestData;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.UInt64AddOperator;
import org.rocksdb.WriteOptions;

/**
 * A block damaged on disk is an error, never wrong bytes: the store hash-checks every read, and the
 * gateway refuses (before the head is sent) or breaks off the response (after).
 */
class CorruptBlockTest {
  private static final byte[] LARGE = TestData.bytes(9, 200 * 1024);

  @TempDir Path dir;

  @Test
  void corruptBlocksAreNeverServed() throws Exception {
    Cid hello;
    Cid big;
    Cid damagedLeaf;
    Cid small;
    Cid smallLeaf;
    try (Storage storage = Storages.open(StorageOptions.defaults(dir))) {
      TestContent c = new TestContent(storage.blocks());
      hello = c.resolve(c.files, "hello.txt");
      small = c.resolve(c.files, "big.bin");
      smallLeaf = TestContent.dfs(storage.blocks(), small).get(1);
      // Larger than the first chunk of the body, so the response has started at the damaged leaf.
      big = c.file(LARGE);
      List<Cid> blocks = new ArrayList<>();
      new DagWalker(storage.blocks(), DagWalker.OnMissing.FAIL)
          .walk(big, new HashSet<>(), (cid, data) -> blocks.add(cid));
      damagedLeaf = blocks.get(blocks.size() - 3);
      try (TestServer s = new TestServer(storage.blocks())) {
        assertThat(s.get("/ipfs/" + hello).body()).isEqualTo(TestContent.HELLO);
      }
    }
    overwrite(hello, "HELLO WORLD\n".getBytes(StandardCharsets.UTF_8));
    overwrite(damagedLeaf, new byte[1024]);
    overwrite(smallLeaf, new byte[1024]);
    try (Storage storage = Storages.openExisting(StorageOptions.defaults(dir));
        TestServer s = new TestServer(storage.blocks())) {
      HttpResponse<byte[]> r = s.get("/ipfs/" + hello);
      assertThat(r.statusCode()).isEqualTo(500);
      assertThat(new String(r.body(), StandardCharsets.UTF_8))
          .contains(hello.toString())
          .contains("does not match its hash");
      assertThat(s.get("/ipfs/" + hello + "?format=raw").statusCode()).isEqualTo(500);
      // Found before anything was sent: a 500, never the bytes.
      TestServer.Raw early = s.getWithHost("127.0.0.1", "/ipfs/" + small + "?format=car");
      assertThat(early.status()).isEqualTo(500);
      assertThat(early.text()).contains(smallLeaf.toString()).contains("does not match its hash");
      TestServer.Raw stream = s.getWithHost("127.0.0.1", "/ipfs/" + big);
      assertThat(stream.status()).isEqualTo(200);
      assertThat(stream.body().length).isLessThan(LARGE.length);
      byte[] prefix = java.util.Arrays.copyOf(LARGE, stream.body().length);
      assertThat(stream.body()).isEqualTo(prefix);
      TestServer.Raw car = s.getWithHost("127.0.0.1", "/ipfs/" + big + "?format=car");
      assertThat(new String(car.body(), StandardCharsets.ISO_8859_1))
          .doesNotContain(new String(new byte[1024], StandardCharsets.ISO_8859_1));
    }
  }

  /** Writes other bytes under a block's key, behind the store's back. */
  private void overwrite(Cid cid, byte[] bytes) throws Exception {
    // The store's meta column counts blocks with a merge operator: recovering its log needs one.
    try (Options listOptions = new Options();
        DBOptions options = new DBOptions();
        WriteOptions sync = new WriteOptions().setSync(true);
        UInt64AddOperator add = new UInt64AddOperator();
        ColumnFamilyOptions columns = new ColumnFamilyOptions().setMergeOperator(add)) {
      List<byte[]> names = RocksDB.listColumnFamilies(listOptions, dir.toString());
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      for (byte[] n : names) {
        descriptors.add(new ColumnFamilyDescriptor(n, columns));
      }
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      try (RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles)) {
        for (int i = 0; i < names.size(); i++) {
          if (new String(names.get(i), StandardCharsets.UTF_8).equals("blocks")) {
            db.put(handles.get(i), sync, cid.multihash().bytes(), bytes);
          }
        }
        handles.forEach(ColumnFamilyHandle::close);
      }
    }
  }
}

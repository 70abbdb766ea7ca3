package io.cairn.node.market;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.compute.JobSpec;
import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.codec.Links;
import io.cairn.storage.spi.ForwardingBlockStore;
import io.cairn.storage.unixfs.ImportListener;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.UnixFsImporter;
import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's locality figures: bytes of a job's module and inputs that were here before it
 * ran, and bytes fetched, even when the fetching store keeps children it prefetched.
 */
class LocalityTest {
  @Test
  void countsLocalAndFetchedBytesOfTheModuleAndInputs() {
    BlockStore peer = BlockStores.memory();
    Cid module = importBytes(peer, 1_000, 1);
    Cid near = importBytes(peer, 600_000, 2);
    Cid far = importBytes(peer, 900_000, 3);
    long moduleBytes = dagBytes(peer, module);
    long nearBytes = dagBytes(peer, near);
    long farBytes = dagBytes(peer, far);

    BlockStore local = BlockStores.memory();
    importBytes(local, 600_000, 2);
    JobSpec spec = JobSpec.wasm(module).withInputs(Map.of("a", near, "b", far));
    assertThat(Locality.localBytes(spec, local)).isEqualTo(nearBytes);

    Locality.Bytes bytes = Locality.fetch(spec, local, prefetching(local, peer));
    assertThat(bytes.local()).isEqualTo(nearBytes);
    assertThat(bytes.fetched()).isEqualTo(moduleBytes + farBytes);
    // Everything is here now.
    assertThat(Locality.localBytes(spec, local)).isEqualTo(moduleBytes + nearBytes + farBytes);
  }

  /** Reads through to {@code peer}, keeping each block read and its children, as Bitswap does. */
  private static BlockStore prefetching(BlockStore local, BlockStore peer) {
    return new ForwardingBlockStore(local) {
      @Override
      public Optional<byte[]> get(Cid cid) {
        Optional<byte[]> here = local.get(cid);
        if (here.isPresent()) {
          return here;
        }
        byte[] bytes = peer.require(cid);
        local.put(new Block(cid, bytes));
        for (Cid child : Links.of(cid, bytes)) {
          peer.get(child).ifPresent(b -> local.put(new Block(child, b)));
        }
        return Optional.of(bytes);
      }

      @Override
      public void sync() {}

      @Override
      public void close() {}
    };
  }

  private static long dagBytes(BlockStore store, Cid root) {
    return Locality.localBytes(JobSpec.wasm(root), store);
  }

  private static Cid importBytes(BlockStore store, int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return new UnixFsImporter(store, ImportOptions.defaults())
        .importStream("f", new ByteArrayInputStream(data), ImportListener.NONE)
        .cid();
  }
}

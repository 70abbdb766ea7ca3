package io.cairn.storage.memory;

import io.cairn.storage.AbstractBlockStoreTest;
import io.cairn.storage.BlockStore;

class MemoryBlockStoreTest extends AbstractBlockStoreTest {
  @Override
  protected BlockStore openStore() {
    return new MemoryBlockStore();
  }
}

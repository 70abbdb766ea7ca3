package io.cairn.storage;

class MemoryBlockStoreTest extends AbstractBlockStoreTest {
  @Override
  protected BlockStore openStore() {
    return new MemoryBlockStore();
  }
}

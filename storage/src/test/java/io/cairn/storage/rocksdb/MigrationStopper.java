package io.cairn.storage.rocksdb;

import java.nio.file.Path;

/**
 * Test child: opens a repo's database and moves its job tables three entries a batch, saying "moved
 * N" after each batch; once N reaches its second argument it waits to be killed.
 */
public final class MigrationStopper {
  private MigrationStopper() {}

  public static void main(String[] args) throws Exception {
    long stopAt = Long.parseLong(args[1]);
    RocksDatabase db = DatabaseOpener.open(Path.of(args[0]), false);
    TableMigration.migrate(
        db,
        3,
        moved -> {
          System.out.println("moved " + moved);
          System.out.flush();
          if (moved >= stopAt) {
            try {
              Thread.sleep(Long.MAX_VALUE); // until the test kills this process
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        });
  }
}

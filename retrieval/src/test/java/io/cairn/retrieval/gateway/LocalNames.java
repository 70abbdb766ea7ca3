package io.cairn.retrieval.gateway;

import io.cairn.retrieval.ipns.LocalDnsServer;
import io.cairn.retrieval.ipns.NameSystem;
import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Storages;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A name system for gateway tests: its published records in a repo under {@code dir}, offline (no
 * DHT), DNSLink through a {@link LocalDnsServer} so no test reaches the real DNS.
 */
final class LocalNames implements AutoCloseable {
  final Storage repo;
  final LocalDnsServer dns;
  final NameSystem names;

  LocalNames(Path dir) {
    repo = Storages.open(StorageOptions.defaults(dir));
    dns = LocalDnsServer.start();
    names =
        new NameSystem(
            repo.table("ipns-published"), null, Instant::now, dns.resolver(Duration.ofSeconds(5)));
  }

  @Override
  public void close() {
    dns.close();
    repo.close();
  }
}

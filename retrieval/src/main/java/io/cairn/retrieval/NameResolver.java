package io.cairn.retrieval;

import io.cairn.retrieval.ipns.IpnsException;
import io.cairn.retrieval.ipns.IpnsRecord;
import io.cairn.retrieval.ipns.NameSystem;
import io.cairn.storage.PeerId;
import java.util.concurrent.CompletableFuture;

/**
 * IPNS names as the gateway serves them: a name's current record ({@code ?format=ipns-record}) and
 * an {@code /ipns/} path resolved to an {@code /ipfs/} one. {@link NameSystem} is one; {@link
 * #NONE} refuses every name.
 */
public interface NameResolver {
  /** Refuses every name: a gateway without a name system. */
  NameResolver NONE =
      new NameResolver() {
        @Override
        public CompletableFuture<IpnsRecord> record(PeerId name) {
          return CompletableFuture.failedFuture(
              new IpnsException("IPNS names are not resolved by this gateway"));
        }

        @Override
        public CompletableFuture<NameSystem.Resolution> resolve(String path) {
          return CompletableFuture.failedFuture(
              new IpnsException("IPNS names are not resolved by this gateway"));
        }
      };

  /** The current, valid record of {@code name}; fails with an {@link IpnsException}. */
  CompletableFuture<IpnsRecord> record(PeerId name);

  /**
   * {@code /ipns/NAME[/rest]} resolved through every name on the way to an {@code /ipfs/} path,
   * with the shortest TTL met; fails with an {@link IpnsException}.
   */
  CompletableFuture<NameSystem.Resolution> resolve(String path);

  /**
   * The DNSLink of {@code domain}, one step: its TXT record's content path (an {@code /ipns/} one
   * is not resolved further) and TTL; fails with an {@link IpnsException} when it has none. The
   * gateway asks it whether a Host is a DNSLink website. This default resolves the whole way.
   */
  default CompletableFuture<NameSystem.Resolution> dnsLink(String domain) {
    return resolve("/ipns/" + domain);
  }
}

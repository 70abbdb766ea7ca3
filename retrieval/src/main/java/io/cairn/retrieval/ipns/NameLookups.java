package io.cairn.retrieval.ipns;

import io.cairn.storage.PeerId;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/** What the name system's lookups share: picking the better record, and their failures. */
final class NameLookups {
  private NameLookups() {}

  /** What one lookup gave: a record, or the error that ended it. */
  record Lookup(Optional<IpnsRecord> record, Throwable error) {}

  /** The better of two records of one name ({@link IpnsRecord#compare}), either may be absent. */
  static Optional<IpnsRecord> better(Optional<IpnsRecord> a, Optional<IpnsRecord> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return IpnsRecord.compare(a.get(), b.get()) >= 0 ? a : b;
  }

  /** The error of a DHT lookup that found nothing, in words a user can act on. */
  static IpnsException failure(PeerId name, NameSystem.ResolveOptions options, Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof TimeoutException) {
      return new IpnsException(
          "could not resolve name "
              + IpnsRecord.formatName(name)
              + ": the DHT found no record within "
              + options.timeout().toSeconds()
              + " s");
    }
    return new IpnsException(
        "could not resolve name " + IpnsRecord.formatName(name) + ": " + cause.getMessage(), cause);
  }

  /** Whether {@code r} is a valid record of {@code name} at {@code now}. */
  static boolean valid(IpnsRecord r, PeerId name, Instant now) {
    try {
      r.validate(name, now);
      return true;
    } catch (IpnsException e) {
      return false;
    }
  }
}

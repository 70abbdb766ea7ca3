package io.cairn.retrieval.ipns;

import io.cairn.retrieval.p2p.kad.Kademlia;
import io.cairn.retrieval.p2p.kad.RecordValidator;
import io.cairn.storage.KeyValueTable;
import io.cairn.storage.PeerId;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IPNS names of this node and of others: publishes signed records (kept in the repo and put to the
 * DHT), resolves names to content paths (this node's records, then the DHT, with a cache that
 * honours each record's TTL; a domain name through its {@link DnsLink}), and republishes this
 * node's records before they expire. Without a DHT (an offline node) only the records held in the
 * repo are used; DNSLink works offline too, as in Kubo (DNS is not the DHT).
 */
public final class NameSystem implements io.cairn.retrieval.NameResolver {
  /** How long a published record is valid unless told otherwise (boxo's default, 48 h). */
  public static final Duration DEFAULT_LIFETIME = Duration.ofHours(48);

  /** How long resolvers may cache a record unless told otherwise (boxo's default, 5 min). */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

  /** How often this node's records are put to the DHT again, signed anew (Kubo's 4 h). */
  public static final Duration REPUBLISH_INTERVAL = Duration.ofHours(4);

  /** How many /ipns/ names (keys and DNSLink domains) a path may go through (boxo's limit). */
  public static final int MAX_DEPTH = 32;

  /**
   * The DHT record validators the name system adds ({@code ipns}), for a value kept without a
   * running DHT ({@link io.cairn.retrieval.p2p.kad.Kademlia#keepOffline}).
   */
  public static Map<String, RecordValidator> recordValidators(InstantSource clock) {
    return Map.of(IpnsValidator.NAMESPACE, new IpnsValidator(clock));
  }

  /** How many names the cache holds (Kubo's Ipns.ResolveCacheSize). */
  static final int CACHE_SIZE = 128;

  private static final Logger LOG = LoggerFactory.getLogger(NameSystem.class);

  /** How to publish: the record's lifetime and TTL, its sequence number, and its V1 fields. */
  public record PublishOptions(
      Duration lifetime, Duration ttl, Long sequence, boolean v1Compatible, boolean allowOffline) {
    public PublishOptions {
      if (lifetime.isNegative() || lifetime.isZero()) {
        throw new IllegalArgumentException("lifetime must be greater than zero, got " + lifetime);
      }
      if (ttl.isNegative()) {
        throw new IllegalArgumentException("ttl must not be negative, got " + ttl);
      }
      if (ttl.compareTo(lifetime) > 0) {
        throw new IllegalArgumentException(
            "ttl (" + ttl + ") must not be greater than lifetime (" + lifetime + ")");
      }
    }

    /** Kubo's defaults: 48 h lifetime, 5 min TTL, the next sequence number, V1-compatible. */
    public static PublishOptions defaults() {
      return new PublishOptions(DEFAULT_LIFETIME, DEFAULT_TTL, null, true, false);
    }
  }

  /** A publication: the name, its new record, and how many DHT peers took it. */
  public record Publication(PeerId name, IpnsRecord record, int peers) {}

  /**
   * How to resolve: whether the cache may answer, how many records the DHT lookup gathers before it
   * picks the best, and how long it may take.
   */
  public record ResolveOptions(boolean useCache, int recordCount, Duration timeout) {
    public static ResolveOptions defaults() {
      return new ResolveOptions(true, 16, Duration.ofMinutes(1));
    }
  }

  /**
   * What the name system did since it started: records published (republications included), names
   * resolved from the cache, resolved otherwise, and names that did not resolve.
   */
  public record Stats(long published, long cacheHits, long resolved, long failed) {}

  /**
   * A resolved path: the {@code /ipfs/} path (or, resolving one step only, the value of the first
   * record), and the shortest TTL of the records it went through.
   */
  public record Resolution(String path, Duration ttl) {}

  private final AtomicLong publishedCount = new AtomicLong();
  private final AtomicLong cacheHits = new AtomicLong();
  private final AtomicLong resolvedCount = new AtomicLong();
  private final AtomicLong failedCount = new AtomicLong();
  private final PublishedRecords published;
  private final Map<PeerId, CompletableFuture<?>> publishing =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final Kademlia dht;
  private final IpnsPubsub pubsub;
  private final InstantSource clock;
  private final DnsLink dnsLink;
  private final Map<PeerId, Cached> cache =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<PeerId, Cached> eldest) {
          return size() > CACHE_SIZE;
        }
      };

  private record Cached(IpnsRecord record, Instant until) {}

  private record CachedLink(DnsLink.Link link, Instant until) {}

  /** DNSLink answers by domain, kept for their TTL; guarded by {@link #cache}'s lock. */
  private final Map<String, CachedLink> links =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CachedLink> eldest) {
          return size() > CACHE_SIZE;
        }
      };

  /**
   * A name system that resolves domain names through the system's name servers.
   *
   * @param published where this node's own records are kept
   * @param dht the DHT to publish to and resolve through, or null on an offline node
   */
  public NameSystem(KeyValueTable published, Kademlia dht, InstantSource clock) {
    this(published, dht, clock, DnsLink.system());
  }

  /**
   * @param published where this node's own records are kept
   * @param dht the DHT to publish to and resolve through, or null on an offline node
   * @param dnsLink how {@code /ipns/<domain>} names are resolved
   */
  public NameSystem(KeyValueTable published, Kademlia dht, InstantSource clock, DnsLink dnsLink) {
    this(published, dht, null, clock, dnsLink);
  }

  /**
   * @param published where this node's own records are kept
   * @param dht the DHT to publish to and resolve through, or null on an offline node
   * @param pubsub IPNS over pubsub ({@code Ipns.UsePubsub}), asked beside the DHT; or null
   * @param dnsLink how {@code /ipns/<domain>} names are resolved
   */
  public NameSystem(
      KeyValueTable published,
      Kademlia dht,
      IpnsPubsub pubsub,
      InstantSource clock,
      DnsLink dnsLink) {
    this.published = new PublishedRecords(published);
    this.dht = dht;
    this.pubsub = pubsub;
    this.clock = clock;
    this.dnsLink = dnsLink;
    if (dht != null) {
      dht.registerValidator(IpnsValidator.NAMESPACE, new IpnsValidator(clock));
    }
    if (pubsub != null) {
      // a better record came by pubsub: the next resolution must not answer from the cache
      pubsub.onUpdate(
          name -> {
            synchronized (cache) {
              cache.remove(name);
            }
          });
    }
  }

  /** Whether names are published and resolved over pubsub too ({@code Ipns.UsePubsub}). */
  public Optional<IpnsPubsub> pubsub() {
    return Optional.ofNullable(pubsub);
  }

  /** The counts since this name system started. */
  public Stats stats() {
    return new Stats(publishedCount.get(), cacheHits.get(), resolvedCount.get(), failedCount.get());
  }

  /**
   * Publishes {@code value} under the name of {@code key}: signs a record whose sequence number
   * follows the last one published for the name (unchanged when the value is, as boxo does), keeps
   * it in the repo, and puts it to the DHT.
   *
   * @throws IpnsException (in the future) when the node is offline or no DHT peer took the record,
   *     unless {@code allowOffline}; the record is kept in the repo either way
   */
  public CompletableFuture<Publication> publish(Signer key, String value, PublishOptions options) {
    PeerId name = PeerId.fromPublicKey(key.publicKeyProtobuf());
    if (dht == null && !options.allowOffline()) {
      throw new IpnsException("can't publish while offline: pass `--allow-offline` to override");
    }
    // One publication of a name at a time (boxo holds a lock too): each takes its sequence number
    // from the record the one before it kept.
    List<CompletableFuture<Publication>> mine = new ArrayList<>(1);
    publishing.compute(
        name,
        (n, before) -> {
          CompletableFuture<?> prior =
              before == null ? CompletableFuture.completedFuture(null) : before;
          CompletableFuture<Publication> next =
              prior.handle((v, e) -> null).thenCompose(v -> publishNow(key, name, value, options));
          mine.add(next);
          return next;
        });
    CompletableFuture<Publication> publication = mine.get(0);
    publication.whenComplete((p, e) -> publishing.remove(name, publication));
    return publication;
  }

  private CompletableFuture<Publication> publishNow(
      Signer key, PeerId name, String value, PublishOptions options) {
    return latest(name)
        .thenCompose(
            previous -> {
              long sequence = nextSequence(previous, value, options.sequence());
              Instant eol = clock.instant().plus(options.lifetime());
              IpnsRecord record =
                  IpnsRecord.create(
                      key, value, sequence, eol, options.ttl(), options.v1Compatible());
              synchronized (cache) {
                published.put(name, record, options.lifetime());
                cache.remove(name);
              }
              publishedCount.incrementAndGet();
              putToPubsub(name, record);
              if (dht == null) {
                return CompletableFuture.completedFuture(new Publication(name, record, 0));
              }
              return dht.putValue(IpnsRecord.routingKey(name), record.bytes())
                  .handle(
                      (took, error) -> {
                        if (error != null) {
                          LOG.debug("Putting the record of {} failed: {}", name, error.toString());
                        }
                        int peers = error == null ? took : 0;
                        if (peers == 0 && !options.allowOffline()) {
                          throw new IpnsException(
                              "no DHT peer took the record of "
                                  + IpnsRecord.formatName(name)
                                  + " (it is kept here and put again later): is the node"
                                  + " connected? Pass --allow-offline to publish here only");
                        }
                        return new Publication(name, record, peers);
                      });
            });
  }

  /** Publishes a record of this node on its pubsub topic too, when IPNS over pubsub is on. */
  private void putToPubsub(PeerId name, IpnsRecord record) {
    if (pubsub == null) {
      return;
    }
    try {
      pubsub.put(name, record);
    } catch (RuntimeException e) {
      LOG.warn("Publishing the record of {} over pubsub failed: {}", name, e.getMessage());
    }
  }

  private static long nextSequence(Optional<IpnsRecord> previous, String value, Long asked) {
    if (previous.isEmpty()) {
      if (asked != null && asked == 0) {
        throw new IpnsException("the sequence number must be at least 1, not 0");
      }
      return asked == null ? 0 : asked;
    }
    long current = previous.get().sequence();
    if (asked != null) {
      if (Long.compareUnsigned(asked, current) <= 0) {
        throw new IpnsException(
            "the sequence number "
                + Long.toUnsignedString(asked)
                + " must be greater than the current "
                + Long.toUnsignedString(current));
      }
      return asked;
    }
    return previous.get().value().equals(value) ? current : current + 1;
  }

  /** The last record of a name this node published, or else the best the DHT holds. */
  private CompletableFuture<Optional<IpnsRecord>> latest(PeerId name) {
    Optional<IpnsRecord> own = published.get(name).map(PublishedRecords.Entry::record);
    Optional<IpnsRecord> held = heldByDht(name);
    Optional<IpnsRecord> best = NameLookups.better(own, held);
    if (best.isPresent() || dht == null) {
      return CompletableFuture.completedFuture(best);
    }
    return fromDht(name, ResolveOptions.defaults())
        .exceptionally(
            e -> {
              LOG.debug("No earlier record of {} found: {}", name, e.getMessage());
              return Optional.empty();
            });
  }

  private Optional<IpnsRecord> heldByDht(PeerId name) {
    if (dht == null) {
      return Optional.empty();
    }
    return dht.localValue(IpnsRecord.routingKey(name)).map(IpnsRecord::decode);
  }

  private CompletableFuture<Optional<IpnsRecord>> fromDht(PeerId name, ResolveOptions options) {
    return dht.getValue(IpnsRecord.routingKey(name), options.recordCount())
        .orTimeout(options.timeout().toMillis(), TimeUnit.MILLISECONDS)
        .thenApply(v -> v.map(IpnsRecord::decode));
  }

  /**
   * The current record of {@code name}: from the cache (while its TTL lasts), else the best of this
   * node's own record and the DHT's.
   *
   * @throws IpnsException (in the future) when no valid record is found
   */
  public CompletableFuture<IpnsRecord> record(PeerId name, ResolveOptions options) {
    Instant now = clock.instant();
    if (options.useCache()) {
      synchronized (cache) {
        Cached c = cache.get(name);
        if (c != null && c.until().isAfter(now)) {
          cacheHits.incrementAndGet();
          return CompletableFuture.completedFuture(c.record());
        }
      }
    }
    Optional<IpnsRecord> own =
        published
            .get(name)
            .map(PublishedRecords.Entry::record)
            .filter(r -> NameLookups.valid(r, name, now));
    // Kubo's composed routing: the DHT and the pubsub value store are asked in parallel, an error
    // of either is ignored while the other has a record, and the best valid record wins.
    CompletableFuture<NameLookups.Lookup> viaDht =
        dht == null
            ? CompletableFuture.completedFuture(new NameLookups.Lookup(Optional.empty(), null))
            : fromDht(name, options)
                .handle((r, e) -> new NameLookups.Lookup(e == null ? r : Optional.empty(), e));
    CompletableFuture<Optional<IpnsRecord>> viaPubsub =
        pubsub == null
            ? CompletableFuture.completedFuture(Optional.empty())
            : pubsub
                .get(name)
                .exceptionally(
                    e -> {
                      LOG.debug("IPNS over pubsub found no record of {}: {}", name, e.toString());
                      return Optional.empty();
                    });
    return viaDht
        .thenCombine(
            viaPubsub,
            (fromDht, fromPubsub) -> {
              Optional<IpnsRecord> fromNetwork =
                  NameLookups.better(
                      fromDht.record(), fromPubsub.filter(r -> NameLookups.valid(r, name, now)));
              if (own.isEmpty() && fromNetwork.isEmpty() && fromDht.error() != null) {
                throw new CompletionException(NameLookups.failure(name, options, fromDht.error()));
              }
              IpnsRecord best =
                  NameLookups.better(own, fromNetwork)
                      .orElseThrow(
                          () ->
                              new IpnsException(
                                  "could not resolve name "
                                      + IpnsRecord.formatName(name)
                                      + (dht == null && pubsub == null
                                          ? ": no record of it is held here and the node is offline"
                                          : ": no record of it was found")));
              Instant until = now.plus(best.ttl());
              if (best.validity().isBefore(until)) {
                until = best.validity();
              }
              synchronized (cache) {
                cache.put(name, new Cached(best, until));
              }
              return best;
            })
        .whenComplete((r, e) -> (e == null ? resolvedCount : failedCount).incrementAndGet());
  }

  @Override
  public CompletableFuture<IpnsRecord> record(PeerId name) {
    return record(name, ResolveOptions.defaults());
  }

  @Override
  public CompletableFuture<Resolution> resolve(String path) {
    return resolve(path, true, ResolveOptions.defaults());
  }

  /** One step through the domain's DNSLink, its answer cached for its TTL. */
  @Override
  public CompletableFuture<Resolution> dnsLink(String domain) {
    return resolve("/ipns/" + domain, false, ResolveOptions.defaults());
  }

  /**
   * Resolves an {@code /ipns/NAME[/rest]} path (a path of another namespace is returned as it is):
   * through every name on the way when {@code recursive}, else one step. NAME is an IPNS key or,
   * failing that, a domain name resolved through its DNSLink.
   */
  public CompletableFuture<Resolution> resolve(
      String path, boolean recursive, ResolveOptions options) {
    try {
      return step(path, recursive, options, 0, null);
    } catch (IpnsException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletableFuture<Resolution> step(
      String path, boolean recursive, ResolveOptions options, int depth, Duration ttl) {
    if (!path.startsWith("/ipns/")) {
      return CompletableFuture.completedFuture(new Resolution(path, ttl));
    }
    if (depth > 0 && !recursive) {
      return CompletableFuture.completedFuture(new Resolution(path, ttl));
    }
    if (depth >= MAX_DEPTH) {
      throw new IpnsException(
          "could not resolve " + path + ": more than " + MAX_DEPTH + " names on the way");
    }
    String rest = path.substring("/ipns/".length());
    int slash = rest.indexOf('/');
    String nameText = slash < 0 ? rest : rest.substring(0, slash);
    String remainder = slash < 0 ? "" : rest.substring(slash);
    PeerId name;
    try {
      name = IpnsRecord.parseName(nameText);
    } catch (IpnsException notAKey) {
      if (!DnsLink.isDomainName(nameText)) {
        throw notAKey;
      }
      return dnsLink(nameText, options)
          .thenCompose(
              link ->
                  step(
                      trimSlash(link.path()) + remainder,
                      recursive,
                      options,
                      depth + 1,
                      shorter(ttl, link.ttl())));
    }
    return record(name, options)
        .thenCompose(
            r ->
                step(
                    trimSlash(r.value()) + remainder,
                    recursive,
                    options,
                    depth + 1,
                    shorter(ttl, r.ttl())));
  }

  /** A domain's DNSLink: from the cache while its TTL lasts (unless told not to), else the DNS. */
  private CompletableFuture<DnsLink.Link> dnsLink(String domain, ResolveOptions options) {
    String key = domain.toLowerCase(java.util.Locale.ROOT);
    Instant now = clock.instant();
    if (options.useCache()) {
      synchronized (cache) {
        CachedLink c = links.get(key);
        if (c != null && c.until().isAfter(now)) {
          cacheHits.incrementAndGet();
          return CompletableFuture.completedFuture(c.link());
        }
      }
    }
    return dnsLink
        .resolve(domain)
        .whenComplete(
            (link, e) -> {
              (e == null ? resolvedCount : failedCount).incrementAndGet();
              if (link != null) {
                synchronized (cache) {
                  links.put(key, new CachedLink(link, now.plus(link.ttl())));
                }
              }
            });
  }

  private static Duration shorter(Duration sofar, Duration next) {
    return sofar == null || next.compareTo(sofar) < 0 ? next : sofar;
  }

  private static String trimSlash(String value) {
    return value.endsWith("/") && value.length() > 1
        ? value.substring(0, value.length() - 1)
        : value;
  }

  /**
   * When the republisher should run next: {@link #REPUBLISH_INTERVAL} from now, or sooner when a
   * record this node published reaches half of its lifetime before then (a record published for
   * less than twice the interval would otherwise lapse between runs), but not before {@code
   * minDelay} from now.
   */
  public Instant republishDue(Duration minDelay) {
    Instant now = clock.instant();
    Instant due = now.plus(REPUBLISH_INTERVAL);
    for (PublishedRecords.Entry e : published.all()) {
      Duration lifetime = e.lifetime().isZero() ? DEFAULT_LIFETIME : e.lifetime();
      Instant half = e.record().validity().minus(lifetime.dividedBy(2));
      if (half.isBefore(due)) {
        due = half;
      }
    }
    Instant earliest = now.plus(minDelay);
    return due.isBefore(earliest) ? earliest : due;
  }

  /**
   * Signs every record this node published again, with a new end of life (its lifetime from now)
   * and the same value and sequence number, and puts it to the DHT. Names whose key is no longer
   * held are skipped.
   *
   * @param keys the key of a name, if this node holds it
   * @return the names republished
   */
  public CompletableFuture<List<PeerId>> republish(Function<PeerId, Optional<Signer>> keys) {
    List<CompletableFuture<PeerId>> done = new ArrayList<>();
    for (PublishedRecords.Entry e : published.all()) {
      Optional<Signer> key = keys.apply(e.name());
      if (key.isEmpty()) {
        LOG.debug("Not republishing {}: its key is no longer held", e.name());
        continue;
      }
      IpnsRecord old = e.record();
      Duration lifetime = e.lifetime().isZero() ? DEFAULT_LIFETIME : e.lifetime();
      Duration ttl = old.ttl().compareTo(lifetime) > 0 ? lifetime : old.ttl();
      IpnsRecord fresh =
          IpnsRecord.create(
              key.get(),
              old.value(),
              old.sequence(),
              clock.instant().plus(lifetime),
              ttl,
              old.hasV1Fields());
      synchronized (cache) {
        published.put(e.name(), fresh, lifetime);
        cache.remove(e.name());
      }
      publishedCount.incrementAndGet();
      putToPubsub(e.name(), fresh);
      if (dht == null) {
        continue;
      }
      CompletableFuture<Integer> put;
      try {
        put = dht.putValue(IpnsRecord.routingKey(e.name()), fresh.bytes());
      } catch (IllegalArgumentException refused) { // the DHT holds a newer record of the name
        put = CompletableFuture.failedFuture(refused);
      }
      done.add(
          put.handle(
              (peers, err) -> {
                if (err != null) {
                  LOG.warn("Republishing {} failed: {}", e.name(), err.getMessage());
                } else {
                  LOG.debug("Republished {} to {} peers", e.name(), peers);
                }
                return e.name();
              }));
    }
    return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new))
        .thenApply(v -> done.stream().map(CompletableFuture::join).toList());
  }
}

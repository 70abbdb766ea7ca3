package io.cairn.retrieval.p2p;

import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Peers this node stays connected to, as Kubo's peering service keeps them ({@code Peering.Peers},
 * {@code swarm peering}): their connections are protected from idle trimming, and when none is open
 * the peer is dialed again and again, waiting a little longer each time: from about 7.5–12.5 s (the
 * first delay, long enough that two peers that list each other do not dial at once) growing by half
 * plus a random part of the delay, up to 10 minutes less up to 10%. Thread-safe.
 */
public final class Peering {
  /** The delay the first backoff grows from, as Kubo's {@code initialDelay}. */
  public static final Duration INITIAL_DELAY = Duration.ofSeconds(5);

  /** The longest wait between two dials, as Kubo's {@code maxBackoff}. */
  public static final Duration MAX_BACKOFF = Duration.ofMinutes(10);

  /** The tag that protects a peer's connections, Kubo's. */
  public static final String TAG = "ipfs-peering";

  private static final Logger LOG = LoggerFactory.getLogger(Peering.class);

  /** A peer kept connected and the addresses dialed first (those of the peer store follow). */
  public record Peer(PeerId id, List<Multiaddr> addresses) {
    public Peer {
      addresses = List.copyOf(addresses);
    }
  }

  private final Host host;
  private final ScheduledExecutorService timer;
  private final Duration initialDelay;
  private final Map<PeerId, Handler> peers = new LinkedHashMap<>();
  private boolean started;
  private boolean stopped;

  /**
   * @param timer runs the dials' schedule (the dials themselves are asynchronous)
   */
  public Peering(Host host, ScheduledExecutorService timer) {
    this(host, timer, INITIAL_DELAY);
  }

  Peering(Host host, ScheduledExecutorService timer, Duration initialDelay) {
    this.host = host;
    this.timer = timer;
    this.initialDelay = initialDelay;
  }

  /** Starts keeping the peers added so far (and those added later) connected. */
  public synchronized void start() {
    if (started || stopped) {
      return;
    }
    started = true;
    host.addListener(
        new Host.ConnectionListener() {
          @Override
          public void connected(Connection connection) {
            Handler h = handler(connection.remotePeer());
            if (h != null) {
              timer.execute(h::stopIfConnected);
            }
          }

          @Override
          public void disconnected(Connection connection) {
            Handler h = handler(connection.remotePeer());
            if (h != null) {
              timer.execute(h::startIfDisconnected);
            }
          }
        });
    peers.values().forEach(h -> timer.execute(h::startIfDisconnected));
  }

  /** Stops every dial; the peers' connections stay as they are. */
  public synchronized void stop() {
    stopped = true;
    peers.values().forEach(Handler::stop);
  }

  /** Keeps {@code peer} connected; a peer already kept gets {@code addresses} instead. */
  public synchronized void add(PeerId peer, List<Multiaddr> addresses) {
    Handler h = peers.get(peer);
    if (h != null) {
      h.addresses = List.copyOf(addresses);
      return;
    }
    host.protect(peer, TAG);
    h = new Handler(peer, addresses);
    peers.put(peer, h);
    if (stopped) {
      h.stop();
    } else if (started) {
      timer.execute(h::startIfDisconnected);
    }
  }

  /** Stops keeping {@code peer} connected; whether it was kept. */
  public synchronized boolean remove(PeerId peer) {
    Handler h = peers.remove(peer);
    if (h == null) {
      return false;
    }
    host.unprotect(peer, TAG);
    h.stop();
    return true;
  }

  /** The peers kept connected, in the order they were added. */
  public synchronized List<Peer> list() {
    List<Peer> out = new ArrayList<>(peers.size());
    peers.values().forEach(h -> out.add(new Peer(h.peer, h.addresses)));
    return out;
  }

  private synchronized Handler handler(PeerId peer) {
    return peers.get(peer);
  }

  /** One peer's dials: at most one scheduled at a time. */
  private final class Handler {
    final PeerId peer;
    volatile List<Multiaddr> addresses;
    private ScheduledFuture<?> reconnect;
    private Duration nextDelay = initialDelay;
    private boolean done;

    Handler(PeerId peer, List<Multiaddr> addresses) {
      this.peer = peer;
      this.addresses = List.copyOf(addresses);
    }

    synchronized void startIfDisconnected() {
      if (!done && reconnect == null && host.connection(peer).isEmpty()) {
        LOG.debug("peering: not connected to {}, dialing in a while", peer);
        reconnect = schedule();
      }
    }

    synchronized void stopIfConnected() {
      if (reconnect != null && host.connection(peer).isPresent()) {
        LOG.debug("peering: connected to {}", peer);
        reconnect.cancel(false);
        reconnect = null;
        nextDelay = initialDelay;
      }
    }

    synchronized void stop() {
      done = true;
      if (reconnect != null) {
        reconnect.cancel(false);
        reconnect = null;
      }
    }

    private ScheduledFuture<?> schedule() {
      return timer.schedule(this::dial, nextBackoff().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void dial() {
      host.connect(peer, addresses)
          .whenComplete(
              (c, e) -> {
                if (e != null) {
                  LOG.debug("peering: cannot reach {}: {}", peer, e.getMessage());
                  synchronized (this) {
                    if (!done && reconnect != null) {
                      reconnect = schedule();
                    }
                  }
                }
                stopIfConnected();
              });
    }

    /** Kubo's backoff: grows by half plus a random part, capped at 90–100% of the maximum. */
    private Duration nextBackoff() {
      long next = nextDelay.toNanos();
      long max = MAX_BACKOFF.toNanos();
      ThreadLocalRandom random = ThreadLocalRandom.current();
      if (next < max) {
        next += next / 2 + random.nextLong(Math.max(1, next));
      }
      if (next > max) {
        next = max - random.nextLong(max / 10);
      }
      nextDelay = Duration.ofNanos(next);
      return nextDelay;
    }
  }
}

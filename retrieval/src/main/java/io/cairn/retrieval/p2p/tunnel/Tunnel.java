package io.cairn.retrieval.p2p.tunnel;

import io.cairn.retrieval.p2p.Stream;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.socket.DuplexChannel;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tunnelled connection: a TCP connection and the libp2p stream it is joined to, with a {@link
 * Relay} each way. Each side's end of input closes the other side's output once what was read
 * before it is written (TCP half-close, Yamux FIN); when both directions have ended so, both
 * channels close. Anything else that ends one side (a reset stream, a TCP error, {@code p2p stream
 * close}) aborts the other: the stream is reset, the TCP connection closed.
 */
final class Tunnel {
  private static final Logger LOG = LoggerFactory.getLogger(Tunnel.class);

  private final String protocol;
  private final Multiaddr origin;
  private final Multiaddr target;
  private final PeerId peer;
  private final Consumer<Tunnel> ended;
  private Channel tcp;
  private Stream stream;
  private boolean tcpInputEnded;
  private boolean streamInputEnded;
  private int outputsClosed;
  private boolean finished;
  private volatile long id = -1;

  /**
   * @param ended told once, when the tunnel has finished or been aborted
   */
  Tunnel(String protocol, Multiaddr origin, Multiaddr target, PeerId peer, Consumer<Tunnel> ended) {
    this.protocol = protocol;
    this.origin = origin;
    this.target = target;
    this.peer = peer;
    this.ended = ended;
  }

  TunnelStream info() {
    return new TunnelStream(id, protocol, origin, target);
  }

  PeerId peer() {
    return peer;
  }

  long id() {
    return id;
  }

  /** Takes the registry's ID; false if the tunnel has ended already. */
  synchronized boolean register(long id) {
    if (finished) {
      return false;
    }
    this.id = id;
    return true;
  }

  /** Sets the TCP side; false (and the connection closed) if the tunnel was aborted already. */
  synchronized boolean tcp(Channel channel) {
    if (finished) {
      channel.close();
      return false;
    }
    tcp = channel;
    return true;
  }

  /** Sets the stream side; false (and the stream reset) if the tunnel was aborted already. */
  synchronized boolean stream(Stream s) {
    if (finished) {
      s.reset();
      return false;
    }
    stream = s;
    return true;
  }

  /**
   * One side's input ended: the other side's output is closed after the bytes already read from it
   * (written in order before this on the same event loop).
   */
  void inputEnded(boolean fromStream) {
    Channel t;
    Stream s;
    synchronized (this) {
      if (finished) {
        return;
      }
      if (fromStream) {
        streamInputEnded = true;
      } else {
        tcpInputEnded = true;
      }
      t = tcp;
      s = stream;
    }
    if (fromStream) {
      t.writeAndFlush(Unpooled.EMPTY_BUFFER)
          .addListener(
              (ChannelFuture f) -> {
                if (!f.isSuccess()) {
                  abort("the TCP connection failed: " + f.cause());
                } else if (t instanceof DuplexChannel d) {
                  d.shutdownOutput().addListener(g -> outputClosed(g.isSuccess()));
                } else {
                  outputClosed(true);
                }
              });
    } else {
      s.closeWrite().addListener(f -> outputClosed(f.isSuccess()));
    }
  }

  private void outputClosed(boolean success) {
    if (!success) {
      abort("closing a direction failed");
      return;
    }
    synchronized (this) {
      if (finished || ++outputsClosed < 2) {
        return;
      }
      finished = true;
    }
    tcp.close();
    stream.channel().close();
    ended.accept(this);
  }

  /**
   * A side's channel closed: once both directions ended that is the tunnel closing; before, it
   * aborts the tunnel.
   */
  void inactive(boolean fromStream) {
    synchronized (this) {
      if (finished || (tcpInputEnded && streamInputEnded)) {
        return;
      }
    }
    abort(fromStream ? "the stream closed or was reset" : "the TCP connection closed");
  }

  /** Resets the stream and closes the TCP connection (Kubo's stream Reset). */
  void abort(String why) {
    Channel t;
    Stream s;
    synchronized (this) {
      if (finished) {
        return;
      }
      finished = true;
      t = tcp;
      s = stream;
    }
    LOG.debug("tunnel {} {} with {} ends: {}", id, protocol, peer, why);
    if (t != null) {
      t.close();
    }
    if (s != null) {
      s.reset();
    }
    ended.accept(this);
  }
}

package io.cairn.retrieval.p2p.net;

import io.cairn.retrieval.p2p.P2pException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.List;
import java.util.function.Predicate;

/**
 * Negotiates one protocol with multistream-select 1.0, as dialer (proposing {@code proposals} in
 * order) or listener (accepting what {@code accepts} allows). Several messages may arrive in one
 * read; once a protocol is agreed the listener is told (it installs the protocol's handlers after
 * this one), the bytes that came after the agreement are passed on, and this handler removes
 * itself.
 */
final class MultistreamHandler extends ChannelInboundHandlerAdapter {
  /** Proposals a listener answers with {@code na} before it gives up on the peer. */
  static final int MAX_REFUSALS = 32;

  /** Told how the negotiation ended. */
  interface Listener {
    /** Called before any byte that followed the agreement is passed on. */
    void selected(ChannelHandlerContext ctx, String protocol);

    /** The peer broke the protocol ({@link PeerMisbehaved}) or accepts none of the proposals. */
    void failed(ChannelHandlerContext ctx, P2pException error);
  }

  private final boolean dialer;
  private final List<String> proposals;
  private final Predicate<String> accepts;
  private final String peer;
  private final Listener listener;
  private ByteBuf cumulation;
  private boolean started;
  private boolean headerReceived;
  private boolean finished;
  private int attempt;
  private int refusals;

  private MultistreamHandler(
      boolean dialer,
      List<String> proposals,
      Predicate<String> accepts,
      String peer,
      Listener listener) {
    this.dialer = dialer;
    this.proposals = proposals;
    this.accepts = accepts;
    this.peer = peer;
    this.listener = listener;
  }

  /** Proposes {@code proposals} in order; {@code peer} names the remote in errors. */
  static MultistreamHandler dialer(List<String> proposals, String peer, Listener listener) {
    if (proposals.isEmpty()) {
      throw new IllegalArgumentException("no protocol to propose");
    }
    return new MultistreamHandler(true, List.copyOf(proposals), p -> false, peer, listener);
  }

  /** Accepts the first proposal {@code accepts} allows. */
  static MultistreamHandler listener(Predicate<String> accepts, String peer, Listener listener) {
    return new MultistreamHandler(false, List.of(), accepts, peer, listener);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      start(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    start(ctx);
    ctx.fireChannelActive();
  }

  private void start(ChannelHandlerContext ctx) {
    if (started) {
      return;
    }
    started = true;
    if (dialer) {
      // The header and the first proposal go in one write, as js-libp2p does.
      ctx.writeAndFlush(Multistream.encode(ctx.alloc(), Multistream.HEADER, proposals.get(0)));
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (finished || !(msg instanceof ByteBuf in)) {
      ctx.fireChannelRead(msg);
      return;
    }
    append(ctx, in);
    String chosen;
    try {
      chosen = negotiate(ctx);
    } catch (P2pException e) {
      finish(ctx);
      listener.failed(ctx, e);
      return;
    }
    if (chosen != null) {
      ByteBuf rest = cumulation;
      cumulation = null;
      finished = true;
      listener.selected(ctx, chosen);
      if (rest.isReadable()) {
        ctx.fireChannelRead(rest);
      } else {
        rest.release();
      }
      if (ctx.pipeline().context(this) != null) {
        ctx.pipeline().remove(this);
      }
    }
  }

  /** Handles the complete messages; returns the agreed protocol, or null if more must come. */
  private String negotiate(ChannelHandlerContext ctx) {
    String message;
    while ((message = Multistream.read(cumulation, peer)) != null) {
      if (!headerReceived) {
        if (!message.equals(Multistream.HEADER)) {
          throw new PeerMisbehaved(
              DropReason.MULTISTREAM,
              peer
                  + " opened multistream-select with '"
                  + abbreviate(message)
                  + "', not "
                  + Multistream.HEADER);
        }
        headerReceived = true;
        if (!dialer) {
          ctx.write(Multistream.encode(ctx.alloc(), Multistream.HEADER));
        }
        continue;
      }
      String agreed = dialer ? answer(ctx, message) : propose(ctx, message);
      if (agreed != null) {
        return agreed;
      }
    }
    ctx.flush();
    return null;
  }

  private String answer(ChannelHandlerContext ctx, String message) {
    String proposed = proposals.get(attempt);
    if (message.equals(proposed)) {
      return proposed;
    }
    if (!message.equals(Multistream.NA)) {
      throw new PeerMisbehaved(
          DropReason.MULTISTREAM,
          peer + " answered '" + abbreviate(message) + "' to the proposal " + proposed);
    }
    attempt++;
    if (attempt == proposals.size()) {
      throw new P2pException(peer + " supports none of " + proposals);
    }
    ctx.writeAndFlush(Multistream.encode(ctx.alloc(), proposals.get(attempt)));
    return null;
  }

  private String propose(ChannelHandlerContext ctx, String message) {
    if (accepts.test(message)) {
      ctx.writeAndFlush(Multistream.encode(ctx.alloc(), message));
      return message;
    }
    if (++refusals > MAX_REFUSALS) {
      throw new PeerMisbehaved(
          DropReason.MULTISTREAM,
          peer + " proposed more than " + MAX_REFUSALS + " protocols this node does not speak");
    }
    ctx.write(Multistream.encode(ctx.alloc(), Multistream.NA));
    return null;
  }

  private void append(ChannelHandlerContext ctx, ByteBuf in) {
    if (cumulation == null) {
      cumulation = in;
      return;
    }
    ByteBuf merged = ctx.alloc().buffer(cumulation.readableBytes() + in.readableBytes());
    merged.writeBytes(cumulation).writeBytes(in);
    cumulation.release();
    in.release();
    cumulation = merged;
  }

  private void finish(ChannelHandlerContext ctx) {
    finished = true;
    if (cumulation != null) {
      cumulation.release();
      cumulation = null;
    }
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (cumulation != null) {
      cumulation.release();
      cumulation = null;
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }
}

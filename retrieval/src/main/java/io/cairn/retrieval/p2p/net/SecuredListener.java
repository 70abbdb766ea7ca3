package io.cairn.retrieval.p2p.net;

import io.cairn.storage.PeerId;
import io.netty.channel.ChannelHandlerContext;

/** Told when a security handshake (Noise or TLS) on a connection succeeded. */
interface SecuredListener {
  /**
   * Called before any byte after the handshake is passed on; {@code remote} is verified, and {@code
   * muxer} is the stream muxer chosen in the handshake (Noise's extensions, TLS's ALPN), or null
   * when it is left to multistream-select.
   */
  void secured(ChannelHandlerContext ctx, PeerId remote, String muxer);
}

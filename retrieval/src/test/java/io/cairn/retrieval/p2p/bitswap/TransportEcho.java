package io.cairn.retrieval.p2p.bitswap;

import io.cairn.retrieval.P2pOptions;
import io.cairn.retrieval.p2p.Stream;
import io.cairn.retrieval.p2p.testing.TestHosts;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * BENCH ONLY: the bytes of a file sent over one Cairn libp2p stream (TCP, TLS or Noise, Yamux)
 * between two hosts on 127.0.0.1 and echoed back: the transport's cost without Bitswap. Both
 * directions run at once; the figure is the file's size over the time until its last byte came
 * back.
 */
final class TransportEcho {
  private static final String ECHO = "/cairn/bench/echo/1.0.0";
  private static final int CHUNK = 256 * 1024;

  private TransportEcho() {}

  static double run(Path file, P2pOptions.Security security) throws Exception {
    long size = Files.size(file);
    try (TestHosts hosts =
        TestHosts.start(
            2,
            P2pOptions.loopback().withSecurity(List.of(security)),
            h -> h.host().register(TestHosts.echo(ECHO)))) {
      hosts.connect(0, 1);
      Stream stream =
          hosts
              .get(0)
              .host()
              .newStream(hosts.get(1).peerId(), List.of(ECHO))
              .get(20, TimeUnit.SECONDS);
      Channel ch = stream.channel();
      CompletableFuture<Long> echoed = new CompletableFuture<>();
      Semaphore writable = new Semaphore(0);
      ch.pipeline()
          .addLast(
              new ChannelInboundHandlerAdapter() {
                private long count;

                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                  count += ((ByteBuf) msg).readableBytes();
                  ReferenceCountUtil.release(msg);
                  if (count >= size) {
                    echoed.complete(count);
                  }
                }

                @Override
                public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                  if (ctx.channel().isWritable()) {
                    writable.release();
                  }
                }

                @Override
                public void channelInactive(ChannelHandlerContext ctx) {
                  echoed.completeExceptionally(
                      new IllegalStateException("echo stream closed after " + count + " bytes"));
                }
              });
      long start = System.nanoTime();
      try (InputStream in = Files.newInputStream(file)) {
        byte[] buf = new byte[CHUNK];
        for (int n; (n = in.readNBytes(buf, 0, CHUNK)) > 0; ) {
          while (!ch.isWritable() && ch.isActive()) {
            writable.tryAcquire(10, TimeUnit.MILLISECONDS);
          }
          ch.writeAndFlush(Unpooled.copiedBuffer(buf, 0, n));
        }
      }
      stream.closeWrite();
      P2pBench.check(echoed.get(120, TimeUnit.SECONDS), size, null);
      return P2pBench.seconds(start);
    }
  }
}

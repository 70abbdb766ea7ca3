package io.cairn.retrieval;

import io.cairn.retrieval.gateway.GatewayInitializer;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Service;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IPFS HTTP gateway: path, subdomain and trustless gateway on one port, serving the node's
 * local blocks only. Netty's native epoll transport is used where it is available, NIO otherwise;
 * requests are answered on virtual threads so reading blocks never blocks an event loop.
 */
public final class GatewayServer implements Service {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);

  private final GatewayOptions options;
  private final BlockStore blocks;
  private final GatewayListener listener;
  private final NameResolver names;
  private EventLoopGroup bossGroup;
  private EventLoopGroup workerGroup;
  private ExecutorService workers;
  private ChannelGroup channels;
  private Channel serverChannel;
  private InetSocketAddress bound;

  /** A gateway whose /ipns/ paths are refused ({@link NameResolver#NONE}). */
  public GatewayServer(GatewayOptions options, BlockStore blocks, GatewayListener listener) {
    this(options, blocks, listener, NameResolver.NONE);
  }

  /** A gateway that resolves /ipns/ paths with {@code names}. */
  public GatewayServer(
      GatewayOptions options, BlockStore blocks, GatewayListener listener, NameResolver names) {
    this.options = Objects.requireNonNull(options, "options");
    this.blocks = Objects.requireNonNull(blocks, "blocks");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.names = Objects.requireNonNull(names, "names");
  }

  @Override
  public String name() {
    return "gateway";
  }

  /**
   * Binds and starts serving.
   *
   * @throws IllegalStateException when the address is in use or cannot be bound
   */
  @Override
  public synchronized void start() {
    if (serverChannel != null) {
      return;
    }
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    Class<? extends ServerChannel> channelType =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    bossGroup = new MultiThreadIoEventLoopGroup(1, io);
    workerGroup = new MultiThreadIoEventLoopGroup(io);
    workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("gateway-", 0).factory());
    channels = new DefaultChannelGroup("gateway", GlobalEventExecutor.INSTANCE);
    GatewayInitializer initializer =
        new GatewayInitializer(options, blocks, names, listener, workers, channels);
    ServerBootstrap b =
        new ServerBootstrap()
            .group(bossGroup, workerGroup)
            .channel(channelType)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(512 * 1024, 2 * 1024 * 1024))
            .childHandler(initializer);
    InetSocketAddress bind = options.bind();
    try {
      serverChannel = b.bind(bind).syncUninterruptibly().channel();
    } catch (Exception e) {
      shutdownGroups();
      String where = hostPort(bind);
      if (e instanceof BindException || e.getCause() instanceof BindException) {
        String msg = String.valueOf(e.getMessage());
        if (msg.contains("in use")) {
          throw new IllegalStateException("gateway address " + where + " is already in use", e);
        }
        throw new IllegalStateException("cannot bind the gateway to " + where + ": " + msg, e);
      }
      throw new IllegalStateException("cannot start the gateway on " + where + ": " + e, e);
    }
    bound = (InetSocketAddress) serverChannel.localAddress();
    LOG.info("gateway listening on http://{} ({})", hostPort(bound), epoll ? "epoll" : "nio");
  }

  /** The address the server listens on (the real port when 0 was asked for). */
  public synchronized InetSocketAddress boundAddress() {
    if (bound == null) {
      throw new IllegalStateException("the gateway is not started");
    }
    return bound;
  }

  @Override
  public synchronized void stop() {
    if (serverChannel == null) {
      return;
    }
    serverChannel.close().syncUninterruptibly();
    channels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    serverChannel = null;
    bound = null;
    shutdownGroups();
  }

  private void shutdownGroups() {
    if (bossGroup != null) {
      bossGroup
          .shutdownGracefully(0, 2, TimeUnit.SECONDS)
          .awaitUninterruptibly(3, TimeUnit.SECONDS);
      workerGroup
          .shutdownGracefully(0, 2, TimeUnit.SECONDS)
          .awaitUninterruptibly(3, TimeUnit.SECONDS);
      bossGroup = null;
      workerGroup = null;
    }
    if (workers != null) {
      workers.shutdownNow();
      workers = null;
    }
  }

  private static String hostPort(InetSocketAddress a) {
    String host = a.getHostString();
    if (host.indexOf(':') >= 0) {
      host = "[" + host + "]";
    }
    return host + ":" + a.getPort();
  }
}

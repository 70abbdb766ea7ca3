package io.cairn.node.http;

import io.cairn.node.api.ApiCommands;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.Service;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The API port: Kubo's RPC API under {@code /api/v0/}, plus the routes given (dashboard, metrics,
 * pinning service). Netty owns the sockets; commands run on a pool of worker threads, never on the
 * event loop.
 */
public final class ApiServer implements Service {
  private final ApiServerOptions options;
  private final ApiCommands commands;
  private final NodeHandle node;
  private final List<HttpRoute> routes;
  private final RequestListener listener;
  private final RouteBodies routeBodies;
  private final CommandBodies commandBodies;
  private EventLoopGroup group;
  private ExecutorService workers;
  private Channel server;

  public ApiServer(
      ApiServerOptions options,
      ApiCommands commands,
      NodeHandle node,
      List<HttpRoute> routes,
      RequestListener listener) {
    this(
        options,
        commands,
        node,
        routes,
        listener,
        RouteBodies.DEFAULT_TOTAL,
        CommandBodies.DEFAULT_TOTAL);
  }

  /**
   * @param routeBodyBudget the most bytes of route request bodies all connections may hold at once
   * @param commandBodyBudget the bytes of command request bodies all connections may read ahead of
   *     their commands before each holds only {@link BodyStream#FLOOR}
   */
  ApiServer(
      ApiServerOptions options,
      ApiCommands commands,
      NodeHandle node,
      List<HttpRoute> routes,
      RequestListener listener,
      long routeBodyBudget,
      long commandBodyBudget) {
    this.options = options;
    this.commands = commands;
    this.node = node;
    this.routes = List.copyOf(routes);
    this.listener = listener;
    this.routeBodies = new RouteBodies(routeBodyBudget);
    this.commandBodies = new CommandBodies(commandBodyBudget);
    for (HttpRoute r : this.routes) {
      if (r.maxBody() < 0 || r.maxBody() > routeBodyBudget) {
        throw new IllegalArgumentException(
            "a route's largest body ("
                + r.maxBody()
                + " bytes) must fit in the budget for route bodies ("
                + routeBodyBudget
                + " bytes)");
      }
    }
  }

  /** The bytes of route request bodies the connections hold now. */
  long routeBodyBytes() {
    return routeBodies.used();
  }

  /** The bytes of command request bodies the connections hold now, not yet taken by commands. */
  long commandBodyBytes() {
    return commandBodies.held();
  }

  @Override
  public String name() {
    return "api";
  }

  @Override
  public synchronized void start() {
    if (server != null) {
      return;
    }
    group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    workers =
        Executors.newThreadPerTaskExecutor(
            Thread.ofPlatform().daemon().name("api-worker-", 0).factory());
    ServerBootstrap b =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childOption(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
            .childHandler(
                new ApiInitializer(
                    options,
                    port ->
                        new ApiChannelHandler(
                            options,
                            commands,
                            node,
                            routes,
                            workers,
                            listener,
                            routeBodies,
                            commandBodies,
                            port)));
    try {
      server = b.bind(options.bind()).sync().channel();
    } catch (Exception e) {
      stop();
      if (e instanceof BindException || e.getCause() instanceof BindException) {
        throw new IllegalStateException(
            "API address "
                + hostPort(options.bind())
                + " is already in use (is another node running?)",
            e);
      }
      throw new IllegalStateException(
          "cannot listen on " + hostPort(options.bind()) + ": " + e.getMessage(), e);
    }
  }

  /** Where the server listens (with the real port when bound to port 0). */
  public InetSocketAddress boundAddress() {
    return (InetSocketAddress) server.localAddress();
  }

  @Override
  public synchronized void stop() {
    if (server != null) {
      server.close().syncUninterruptibly();
      server = null;
    }
    if (workers != null) {
      // Commands under way get a moment to finish their answers (the shutdown command's own);
      // then the rest are interrupted.
      workers.shutdown();
      try {
        workers.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      workers.shutdownNow();
      workers = null;
    }
    if (group != null) {
      // The finished commands' answers are tasks queued on the event loops; a loop that shuts
      // down closes its channels before it runs what is queued, so let those tasks run first.
      for (io.netty.util.concurrent.EventExecutor loop : group) {
        loop.submit(() -> {}).awaitUninterruptibly(2, TimeUnit.SECONDS);
      }
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
      group = null;
    }
  }

  static String hostPort(InetSocketAddress a) {
    return a.getHostString() + ":" + a.getPort();
  }
}

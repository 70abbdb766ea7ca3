package io.cairn.node.http;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiCommands;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.Cancellation;
import io.cairn.node.api.Errors;
import io.cairn.node.api.NodeHandle;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches requests on the API port: {@code /api/v0/...} to RPC commands (run on a worker thread,
 * with the request body streamed to them and their output streamed back), anything else to the
 * registered routes (whole requests), and 404 otherwise.
 *
 * <p>One request at a time per connection, answered in order: once a request's body has arrived and
 * while its reply is still being produced, reading stops and requests the client pipelined behind
 * it wait (those already decoded in a queue, the rest in the socket) until the reply has been
 * written to its end. The connection then serves the next one, unless the reply said {@code
 * Connection: close}.
 */
final class ApiChannelHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(ApiChannelHandler.class);
  static final String PREFIX = "/api/v0/";
  private static final int DRAIN_SECONDS = 30;

  /** Where the current request's body goes. */
  private enum State {
    IDLE,
    COMMAND,
    ROUTE,
    DISCARD
  }

  private final ApiSecurity security;
  private final ApiCommands commands;
  private final NodeHandle node;
  private final List<HttpRoute> routes;
  private final ExecutorService workers;
  private final RequestListener listener;
  private final RouteBodies routeBodies;
  private final CommandBodies commandBodies;
  private final ArrayDeque<Object> waiting = new ArrayDeque<>();

  private State state = State.IDLE;
  private boolean answering;
  private boolean bodyFull;
  private BodyStream body;
  private ChannelResponse response;

  /** The running command's: fired when the client goes away. */
  private Cancellation cancellation;

  /** Whether the read that watches for the client closing was asked for during this answer. */
  private boolean watching;

  private HttpRoute route;
  private HttpRequest routeRequest;
  private RouteBody routeBody;
  private boolean closeAtBodyEnd;

  /** The codec gave up on this connection's input: nothing after it can be read as a request. */
  private boolean broken;

  private ScheduledFuture<?> drainDeadline;

  ApiChannelHandler(
      ApiServerOptions options,
      ApiCommands commands,
      NodeHandle node,
      List<HttpRoute> routes,
      ExecutorService workers,
      RequestListener listener,
      RouteBodies routeBodies,
      CommandBodies commandBodies,
      int port) {
    this.security = new ApiSecurity(options, port);
    this.commands = commands;
    this.node = node;
    this.routes = routes;
    this.workers = workers;
    this.listener = listener;
    this.routeBodies = routeBodies;
    this.commandBodies = commandBodies;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!waiting.isEmpty() || mustWait()) {
      waiting.add(msg);
      updateReading(ctx);
      return;
    }
    handle(ctx, msg);
  }

  /** Whether the next request must wait: the current one has arrived but is not answered yet. */
  private boolean mustWait() {
    return answering && state == State.IDLE;
  }

  private void handle(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest req) {
      onRequest(ctx, req);
    }
    if (msg instanceof HttpContent content) {
      onContent(ctx, content);
    }
  }

  /** Serves the requests that waited, as far as the connection is free for them. */
  private void serveWaiting(ChannelHandlerContext ctx) {
    while (!waiting.isEmpty() && !mustWait() && ctx.channel().isActive()) {
      handle(ctx, waiting.poll());
    }
    updateReading(ctx);
  }

  /** Reads from the socket only while nothing waits and the current body has room. */
  private void updateReading(ChannelHandlerContext ctx) {
    boolean read = !bodyFull && waiting.isEmpty() && !mustWait();
    if (ctx.channel().config().isAutoRead() != read) {
      ctx.channel().config().setAutoRead(read);
    }
  }

  private void onRequest(ChannelHandlerContext ctx, HttpRequest req) {
    DecoderResult decoded = req.decoderResult();
    if (decoded.isFailure()) {
      state = State.DISCARD;
      reject(
          ctx,
          HttpResponseStatus.BAD_REQUEST,
          "bad request: " + Errors.message(decoded.cause()),
          true);
      return;
    }
    if (req.protocolVersion().majorVersion() != 1) {
      state = State.DISCARD;
      reject(ctx, HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, "unsupported HTTP version", true);
      return;
    }
    QueryStringDecoder uri = new QueryStringDecoder(req.uri(), StandardCharsets.UTF_8);
    String path = uri.path();
    if (path.startsWith(PREFIX) || path.equals("/api/v0")) {
      startCommand(ctx, req, uri);
      return;
    }
    for (HttpRoute r : routes) {
      if (r.matches(path)) {
        startRoute(ctx, req, r, path);
        return;
      }
    }
    state = State.DISCARD;
    reject(ctx, HttpResponseStatus.NOT_FOUND, "404 page not found", closeAfterRefusal(req));
  }

  /**
   * Starts gathering a route's body, unless its declared length is over the route's limit or the
   * server's budget for bodies: then it is refused before a byte of it is read.
   */
  private void startRoute(ChannelHandlerContext ctx, HttpRequest req, HttpRoute r, String path) {
    state = State.ROUTE;
    answering = true;
    route = r;
    routeRequest = req;
    routeBody = new RouteBody(routeBodies, path, r.maxBody());
    RouteBody.Refusal refused = routeBody.start(HttpUtil.getContentLength(req, -1L));
    if (refused != null) {
      refuseRoute(ctx, refused);
      return;
    }
    goOn(ctx, req);
  }

  /**
   * Answers a route request the server cannot take, in the route's own words, and closes the
   * connection once the rest of the body has been read and dropped: the body, unread, could not be
   * told from a next request.
   */
  private void refuseRoute(ChannelHandlerContext ctx, RouteBody.Refusal refused) {
    String path = routeBody.path();
    HttpCall call = call(ctx, routeRequest, new byte[0]);
    state = State.DISCARD;
    routeBody.release();
    routeBody = null;
    routeRequest = null;
    HttpReply reply = route.error(call, refused.status(), refused.message());
    if (refused.status() == HttpResponseStatus.SERVICE_UNAVAILABLE.code()) {
      reply = reply.withHeader("Retry-After", "1");
    }
    FullHttpResponse r = response(reply);
    r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    // What the client still sends is read and dropped before the close (see sent), so that the
    // answer reaches it rather than a reset.
    ctx.writeAndFlush(r)
        .addListener(
            f -> {
              if (f.isSuccess()) {
                sent(ctx, true);
              } else {
                ctx.close();
              }
            });
    listener.requestDone("route", path, refused.status(), 0);
  }

  /**
   * Whether a refused request's connection closes after the answer: when the client asked, or when
   * it waits for {@code 100 Continue} before sending its body, which would otherwise be taken for
   * the next request (Go's server closes then too).
   */
  private static boolean closeAfterRefusal(HttpRequest req) {
    return !HttpUtil.isKeepAlive(req) || HttpUtil.is100ContinueExpected(req);
  }

  /** Tells a client that waits for {@code 100 Continue} to send its body: the request is taken. */
  private static void goOn(ChannelHandlerContext ctx, HttpRequest req) {
    if (HttpUtil.is100ContinueExpected(req)) {
      ctx.writeAndFlush(
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
    }
  }

  private void startCommand(ChannelHandlerContext ctx, HttpRequest req, QueryStringDecoder uri) {
    ApiSecurity.Verdict verdict = security.check(req, uri.path());
    if (verdict != null) {
      state = State.DISCARD;
      FullHttpResponse r = text(verdict.status(), verdict.message());
      verdict.headers().forEach((k, v) -> r.headers().set(k, v));
      finishFull(ctx, req, r, closeAfterRefusal(req));
      listener.requestDone("api", uri.path(), verdict.status().code(), 0);
      return;
    }
    String requested =
        uri.path().length() > PREFIX.length() ? uri.path().substring(PREFIX.length()) : "";
    String commandPath = requested;
    while (commandPath.endsWith("/")) {
      commandPath = commandPath.substring(0, commandPath.length() - 1);
    }
    ApiCommand command = commands.find(commandPath).orElse(null);
    String pathArg = null;
    int slash = requested.lastIndexOf('/');
    if (command == null && slash > 0 && slash < requested.length() - 1) {
      // As go-ipfs-cmds reads a path (http/parse.go): a last segment that is not a subcommand is
      // the first argument of the command the rest names ("cat/<cid>" is "cat?arg=<cid>").
      String parent = requested.substring(0, slash);
      String last = requested.substring(slash + 1);
      if (!commands.isGroup(requested)) {
        command = commands.find(parent).orElse(null);
        commandPath = parent;
        pathArg = last;
      }
    }
    if (command == null) {
      state = State.DISCARD;
      reject(ctx, HttpResponseStatus.NOT_FOUND, "404 page not found", closeAfterRefusal(req));
      listener.requestDone("api", uri.path(), 404, 0);
      return;
    }
    state = State.COMMAND;
    answering = true;
    body = new BodyStream(ctx.executor(), (b, full) -> bodyFull(ctx, b, full), commandBodies);
    ChannelResponse r =
        new ChannelResponse(ctx.channel(), security.responseHeaders(req), c -> sent(ctx, c));
    response = r;
    cancellation = new Cancellation();
    goOn(ctx, req);
    new CommandCall(
            body,
            r,
            req,
            uri,
            commandPath,
            pathArg,
            command,
            node,
            listener,
            cancellation,
            ctx.executor())
        .start(workers);
  }

  private void bodyFull(ChannelHandlerContext ctx, BodyStream b, boolean full) {
    if (b == body) {
      bodyFull = full;
      updateReading(ctx);
    }
  }

  private void onContent(ChannelHandlerContext ctx, HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    if (content.decoderResult().isFailure()) {
      // A broken body (chunk framing, say): the codec drops the rest of the connection's input.
      broken = true;
      String why =
          "the request body is malformed: " + Errors.message(content.decoderResult().cause());
      if (state == State.COMMAND) {
        body.fail(why);
        // Its answer already written, the connection closes now; else once it is written.
        closeAtBodyEnd |= !answering;
      } else if (state == State.ROUTE) {
        refuseRoute(ctx, new RouteBody.Refusal(HttpResponseStatus.BAD_REQUEST.code(), why));
      }
      content.release();
      bodyEnded(ctx);
      return;
    }
    switch (state) {
      case COMMAND -> {
        body.offer(content.content().retain());
        if (last) {
          body.end();
        }
      }
      case ROUTE -> {
        RouteBody.Refusal refused = routeBody.append(content.content());
        if (refused != null) {
          refuseRoute(ctx, refused);
        } else if (last) {
          dispatchRoute(ctx);
        }
      }
      default -> {}
    }
    content.release();
    if (last) {
      bodyEnded(ctx);
    }
  }

  private void bodyEnded(ChannelHandlerContext ctx) {
    state = State.IDLE;
    bodyFull = false;
    if (drainDeadline != null) {
      drainDeadline.cancel(false);
      drainDeadline = null;
    }
    if (closeAtBodyEnd) {
      ctx.close();
      return;
    }
    serveWaiting(ctx);
    watchForClose(ctx);
  }

  /**
   * While a command's answer is produced, reading has stopped; one read is still asked for, as Go's
   * server does for Kubo, so that a client that closes its connection is seen and its command
   * cancelled ({@link #channelInactive}). What that read brings, if the client pipelined another
   * request, waits its turn; nothing more is read until the answer has been sent.
   */
  private void watchForClose(ChannelHandlerContext ctx) {
    if (answering && !watching && state == State.IDLE && waiting.isEmpty()) {
      watching = true;
      ctx.read();
    }
  }

  /**
   * Event loop: the current reply has been written to its end. The connection closes if the reply
   * said so; else it serves the next request.
   *
   * <p>If the request body has not ended yet (the command answered before reading all of it), the
   * rest is read and dropped first, for at most {@link #DRAIN_SECONDS}: closing at once would make
   * the kernel reset the connection while the client still sends, which can destroy the answer
   * before the client reads it. Go's HTTP server does the same for Kubo.
   */
  private void sent(ChannelHandlerContext ctx, boolean closeAnnounced) {
    answering = false;
    response = null;
    cancellation = null;
    watching = false;
    if (state != State.IDLE) {
      closeAtBodyEnd |= closeAnnounced;
      drainDeadline = ctx.executor().schedule(() -> ctx.close(), DRAIN_SECONDS, TimeUnit.SECONDS);
      updateReading(ctx);
      return;
    }
    if (closeAnnounced || broken) {
      ctx.close();
      return;
    }
    serveWaiting(ctx);
  }

  private void dispatchRoute(ChannelHandlerContext ctx) {
    HttpRequest req = routeRequest;
    HttpRoute r = route;
    RouteBody body = routeBody;
    byte[] bytes = body.take();
    routeRequest = null;
    routeBody = null;
    HttpCall call = call(ctx, req, bytes);
    long start = System.nanoTime();
    try {
      workers.execute(
          () -> {
            HttpReply reply;
            try {
              reply = r.handle(call);
            } catch (Exception | Error e) {
              // An Error too: uncaught, it would leave the client with no answer at all
              LOG.debug("route {} failed", call.path(), e);
              reply = r.error(call, 500, Errors.message(e));
            } finally {
              body.release();
            }
            FullHttpResponse resp = response(reply);
            boolean close = !HttpUtil.isKeepAlive(req);
            ctx.executor()
                .execute(
                    () -> {
                      finishFull(ctx, req, resp, close);
                      sent(ctx, close);
                    });
            listener.requestDone("route", call.path(), reply.status(), System.nanoTime() - start);
          });
    } catch (RejectedExecutionException e) {
      body.release();
      finishFull(ctx, req, response(r.error(call, 503, "the node is shutting down")), true);
    }
  }

  /** The request as routes see it. */
  private static HttpCall call(ChannelHandlerContext ctx, HttpRequest req, byte[] body) {
    QueryStringDecoder uri = new QueryStringDecoder(req.uri(), StandardCharsets.UTF_8);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    req.headers()
        .forEach(
            e ->
                headers
                    .computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(e.getValue()));
    return new HttpCall(
        req.method().name(),
        uri.path(),
        uri.parameters(),
        headers,
        body,
        (InetSocketAddress) ctx.channel().remoteAddress());
  }

  private static FullHttpResponse response(HttpReply reply) {
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(reply.status()),
            Unpooled.wrappedBuffer(reply.body()));
    reply.headers().forEach((k, v) -> r.headers().set(k, v));
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
    return r;
  }

  /** Answers at once with an error; {@code close} also closes the connection after it. */
  private static void reject(
      ChannelHandlerContext ctx, HttpResponseStatus status, String message, boolean close) {
    write(ctx, text(status, message), close);
  }

  private static void finishFull(
      ChannelHandlerContext ctx, HttpRequest req, FullHttpResponse r, boolean close) {
    if (req.method().equals(HttpMethod.HEAD)) {
      r.content().clear();
    }
    write(ctx, r, close);
  }

  private static void write(ChannelHandlerContext ctx, FullHttpResponse r, boolean close) {
    if (close) {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    ctx.writeAndFlush(r)
        .addListener(close ? ChannelFutureListener.CLOSE : ChannelFutureListener.CLOSE_ON_FAILURE);
  }

  static FullHttpResponse text(HttpResponseStatus status, String message) {
    byte[] b = (message + "\n").getBytes(StandardCharsets.UTF_8);
    FullHttpResponse r =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(b));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    r.headers().set("X-Content-Type-Options", "nosniff");
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, b.length);
    return r;
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (response != null) {
      response.writabilityChanged();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    Object m;
    while ((m = waiting.poll()) != null) {
      ReferenceCountUtil.release(m);
    }
    if (drainDeadline != null) {
      drainDeadline.cancel(false);
    }
    if (body != null) {
      body.fail("the client closed the connection before the request body ended");
    }
    if (routeBody != null) {
      routeBody.release();
      routeBody = null;
    }
    if (response != null) {
      response.writabilityChanged();
    }
    if (cancellation != null) {
      // The command's fetches stop, as Kubo's request context ends with the connection.
      cancellation.cancel(new ApiException(ApiException.Kind.NORMAL, "context canceled"));
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof IOException) {
      LOG.debug("API connection error: {}", cause.getMessage());
    } else {
      LOG.warn("API request failed: {}", Errors.message(cause));
    }
    ctx.close();
  }
}

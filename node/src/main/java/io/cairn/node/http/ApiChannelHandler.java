package io.cairn.node.http;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiCommands;
import io.cairn.node.api.Errors;
import io.cairn.node.api.NodeHandle;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
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
 * registered routes (whole requests), and 404 otherwise. One request at a time per connection.
 */
final class ApiChannelHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(ApiChannelHandler.class);
  static final String PREFIX = "/api/v0/";
  private static final int DRAIN_SECONDS = 30;

  private enum State {
    IDLE,
    COMMAND,
    ROUTE,
    DISCARD
  }

  private final ApiServerOptions options;
  private final ApiSecurity security;
  private final ApiCommands commands;
  private final NodeHandle node;
  private final List<HttpRoute> routes;
  private final ExecutorService workers;
  private final RequestListener listener;

  private State state = State.IDLE;
  private BodyStream body;
  private ChannelResponse response;
  private HttpRoute route;
  private HttpRequest routeRequest;
  private ByteArrayOutputStream routeBody;
  private boolean closeAtBodyEnd;

  ApiChannelHandler(
      ApiServerOptions options,
      ApiCommands commands,
      NodeHandle node,
      List<HttpRoute> routes,
      ExecutorService workers,
      RequestListener listener,
      int port) {
    this.options = options;
    this.security = new ApiSecurity(options, port);
    this.commands = commands;
    this.node = node;
    this.routes = routes;
    this.workers = workers;
    this.listener = listener;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest req) {
      onRequest(ctx, req);
    }
    if (msg instanceof HttpContent content) {
      onContent(ctx, content);
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
        state = State.ROUTE;
        route = r;
        routeRequest = req;
        routeBody = new ByteArrayOutputStream();
        return;
      }
    }
    state = State.DISCARD;
    reject(ctx, HttpResponseStatus.NOT_FOUND, "404 page not found", false);
  }

  private void startCommand(ChannelHandlerContext ctx, HttpRequest req, QueryStringDecoder uri) {
    ApiSecurity.Verdict verdict = security.check(req, uri.path());
    if (verdict != null) {
      state = State.DISCARD;
      FullHttpResponse r = text(verdict.status(), verdict.message());
      verdict.headers().forEach((k, v) -> r.headers().set(k, v));
      finishFull(ctx, req, r, !HttpUtil.isKeepAlive(req));
      listener.requestDone("api", uri.path(), verdict.status().code(), 0);
      return;
    }
    String commandPath =
        uri.path().length() > PREFIX.length() ? uri.path().substring(PREFIX.length()) : "";
    while (commandPath.endsWith("/")) {
      commandPath = commandPath.substring(0, commandPath.length() - 1);
    }
    ApiCommand command = commands.find(commandPath).orElse(null);
    if (command == null) {
      state = State.DISCARD;
      reject(ctx, HttpResponseStatus.NOT_FOUND, "404 page not found", false);
      listener.requestDone("api", uri.path(), 404, 0);
      return;
    }
    state = State.COMMAND;
    CommandCall call =
        new CommandCall(
            ctx.channel(),
            req,
            uri,
            commandPath,
            command,
            node,
            options.headers(),
            listener,
            () -> closeOnceDrained(ctx));
    body = call.body();
    response = call.response();
    call.start(workers);
  }

  private void onContent(ChannelHandlerContext ctx, HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    switch (state) {
      case COMMAND -> {
        body.offer(content.content().retain());
        if (last) {
          body.end();
          state = State.IDLE;
          if (closeAtBodyEnd) {
            ctx.close();
          }
        }
      }
      case ROUTE -> {
        ByteBuf b = content.content();
        if (routeBody.size() + b.readableBytes() > ApiServerOptions.MAX_ROUTE_BODY) {
          state = State.DISCARD;
          reject(
              ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request body is too large", true);
        } else {
          byte[] chunk = new byte[b.readableBytes()];
          b.getBytes(b.readerIndex(), chunk);
          routeBody.writeBytes(chunk);
        }
        if (last && state == State.ROUTE) {
          state = State.IDLE;
          dispatchRoute(ctx);
        }
      }
      default -> {
        if (last) {
          state = State.IDLE;
        }
      }
    }
    content.release();
  }

  /**
   * Closes the connection once the request body has ended. A command may answer before reading all
   * of its body (an early error); closing at once would make the kernel reset the connection while
   * the client still sends, which can destroy the answer before the client reads it. So the rest of
   * the body is read and dropped first, as Go's HTTP server does for Kubo, for at most {@link
   * #DRAIN_SECONDS}.
   */
  private void closeOnceDrained(ChannelHandlerContext ctx) {
    ctx.executor()
        .execute(
            () -> {
              if (state != State.COMMAND) {
                ctx.close();
                return;
              }
              closeAtBodyEnd = true;
              ctx.executor().schedule(() -> ctx.close(), DRAIN_SECONDS, TimeUnit.SECONDS);
            });
  }

  private void dispatchRoute(ChannelHandlerContext ctx) {
    HttpRequest req = routeRequest;
    HttpRoute r = route;
    byte[] bytes = routeBody.toByteArray();
    routeRequest = null;
    routeBody = null;
    QueryStringDecoder uri = new QueryStringDecoder(req.uri(), StandardCharsets.UTF_8);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    req.headers()
        .forEach(
            e ->
                headers
                    .computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(e.getValue()));
    HttpCall call =
        new HttpCall(
            req.method().name(),
            uri.path(),
            uri.parameters(),
            headers,
            bytes,
            (InetSocketAddress) ctx.channel().remoteAddress());
    long start = System.nanoTime();
    try {
      workers.execute(
          () -> {
            HttpReply reply;
            try {
              reply = r.handle(call);
            } catch (Exception e) {
              LOG.debug("route {} failed", uri.path(), e);
              reply = HttpReply.text(500, Errors.message(e));
            }
            FullHttpResponse resp =
                new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(reply.status()),
                    Unpooled.wrappedBuffer(reply.body()));
            reply.headers().forEach((k, v) -> resp.headers().set(k, v));
            resp.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
            boolean close = !HttpUtil.isKeepAlive(req);
            ctx.executor().execute(() -> finishFull(ctx, req, resp, close));
            listener.requestDone("route", uri.path(), reply.status(), System.nanoTime() - start);
          });
    } catch (RejectedExecutionException e) {
      finishFull(
          ctx,
          req,
          text(HttpResponseStatus.SERVICE_UNAVAILABLE, "the node is shutting down"),
          true);
    }
  }

  private void reject(
      ChannelHandlerContext ctx, HttpResponseStatus status, String message, boolean close) {
    ctx.writeAndFlush(text(status, message))
        .addListener(close ? ChannelFutureListener.CLOSE : ChannelFutureListener.CLOSE_ON_FAILURE);
  }

  private static void finishFull(
      ChannelHandlerContext ctx, HttpRequest req, FullHttpResponse r, boolean close) {
    if (req.method().equals(HttpMethod.HEAD)) {
      r.content().clear();
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
    if (body != null) {
      body.fail("the client closed the connection before the request body ended");
    }
    if (response != null) {
      response.writabilityChanged();
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

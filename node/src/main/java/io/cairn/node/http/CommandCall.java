package io.cairn.node.http;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.BodyPart;
import io.cairn.node.api.Cancellation;
import io.cairn.node.api.CommandLog;
import io.cairn.node.api.Errors;
import io.cairn.node.api.MultipartReader;
import io.cairn.node.api.NodeHandle;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RPC command call: its request ({@code arg=} parameters, options, a multipart body streamed
 * from the connection), run on a worker thread, its result streamed back; the error it ends with
 * becomes Kubo's error object or {@code X-Stream-Error} trailer.
 */
final class CommandCall {
  private static final Logger LOG = LoggerFactory.getLogger(CommandCall.class);

  private final BodyStream body;
  private final ChannelResponse response;
  private final ApiCommand command;
  private final String path;
  private final String pathArg;
  private final QueryStringDecoder uri;
  private final String contentType;
  private final NodeHandle node;
  private final RequestListener listener;
  private final Cancellation cancellation;
  private final ScheduledExecutorService timer;
  private final long start = System.nanoTime();

  /**
   * @param body the request body, fed by the connection
   * @param response where the result goes; it tells the connection when it is sent
   * @param pathArg the argument given as the URL path's last segment, or null; it comes before
   *     those of {@code arg=}, as in go-ipfs-cmds
   * @param cancellation fired by the connection when the client goes away, and here at the deadline
   *     that Kubo's global {@code timeout} option sets
   * @param timer runs that deadline
   */
  CommandCall(
      BodyStream body,
      ChannelResponse response,
      HttpRequest req,
      QueryStringDecoder uri,
      String path,
      String pathArg,
      ApiCommand command,
      NodeHandle node,
      RequestListener listener,
      Cancellation cancellation,
      ScheduledExecutorService timer) {
    this.body = body;
    this.response = response;
    this.command = command;
    this.node = node;
    this.listener = listener;
    this.cancellation = cancellation;
    this.timer = timer;
    if (!HttpUtil.isKeepAlive(req)) {
      response.announceClose();
    }
    this.path = path;
    this.pathArg = pathArg;
    this.uri = uri;
    this.contentType = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
  }

  /** Runs the command on one of {@code workers}. */
  void start(ExecutorService workers) {
    try {
      workers.execute(this::run);
    } catch (RejectedExecutionException e) {
      body.close();
      response.finish(e, "the node is shutting down", ApiException.Kind.NORMAL);
    }
  }

  private void run() {
    Throwable error = null;
    String message = null;
    ApiException.Kind kind = ApiException.Kind.NORMAL;
    Future<?> deadline = null;
    CommandLog.Handle logged = null;
    try {
      // Built here rather than on the event loop: a malformed body header is the client's error.
      Iterator<BodyPart> parts = Collections.emptyIterator();
      if (formData(contentType)) {
        parts = new MultipartReader(body, MultipartReader.boundary(contentType));
      } else if (command.requiredFile().isPresent()) {
        throw ApiException.client(
            "file argument '" + command.requiredFile().get() + "' is required");
      }
      List<String> args = args();
      Map<String, List<String>> options = options(uri);
      CommandLog log = commandLog();
      logged = log == null ? null : log.start(path, args, options);
      ApiRequest request =
          new ApiRequest(path, args, options, cancellation.guard(parts), cancellation);
      deadline = startDeadline(request);
      command.run(request, cancellation.guard(response), node);
    } catch (ApiException e) {
      error = e;
      message = e.getMessage();
      kind = e.kind();
    } catch (Exception | Error e) {
      error = e;
      message = Errors.message(e);
      if (!(e instanceof RuntimeException) || e instanceof IllegalStateException) {
        LOG.debug("command {} failed", path, e);
      }
    } finally {
      if (deadline != null) {
        deadline.cancel(false);
      }
      ApiException gaveUp = cancellation.reason().orElse(null);
      if (gaveUp != null && error != null) {
        // As Kubo reports it: the context's error rather than the fetch, read or write that
        // observed it.
        message = gaveUp.getMessage();
        kind = gaveUp.kind();
      }
      if (!body.complete()) {
        body.awaitDecoded();
      }
      if (!body.complete()) {
        // An answer before the whole body came (an early error): the connection cannot be used
        // for another request until the rest is read, so it closes once it has been.
        response.announceClose();
      }
      body.close();
      // Counted before the answer ends, so that a client that scrapes the metrics once it has the
      // answer finds its request in them.
      listener.requestDone(
          "api",
          path,
          error == null ? 200 : kind == ApiException.Kind.CLIENT ? 400 : 500,
          System.nanoTime() - start);
      try {
        response.finish(error, message, kind);
      } catch (RuntimeException e) {
        LOG.debug("could not finish the response to {}: {}", path, e.getMessage());
      }
      if (logged != null) {
        commandLog().finish(logged);
      }
    }
  }

  /** The daemon's log of commands; null for an API server without a node (tests of the server). */
  private CommandLog commandLog() {
    return node == null ? null : node.commandLog().orElse(null);
  }

  /**
   * Whether a request's files are in its body: as go-ipfs-cmds' {@code parseRequest}, only when its
   * media type (Go's {@code mime.ParseMediaType}: before any parameter, trimmed, in any case) is
   * {@code multipart/form-data}. Any other body, {@code multipart/mixed} and the like included, is
   * no files; a part of such a type nested in a form is read by {@link MultipartReader}.
   */
  private static boolean formData(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String media = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return media.strip().toLowerCase(Locale.ROOT).equals("multipart/form-data");
  }

  /**
   * Kubo's global {@code timeout} option (Go duration syntax: {@code 500ms}, {@code 30s}, {@code
   * 1m30s}): at the deadline the command's network fetches, body reads and result writes stop and
   * it fails with "context deadline exceeded", as Kubo ends it. Commands whose own {@code timeout}
   * option means something else (Cairn's {@code job/run}) keep it.
   *
   * @return the scheduled deadline, or null without the option
   */
  private Future<?> startDeadline(ApiRequest request) {
    return command.ownsTimeoutOption() ? null : Cancellation.armTimeout(request, timer);
  }

  private List<String> args() {
    List<String> query = uri.parameters().getOrDefault("arg", List.of());
    if (pathArg == null) {
      return query;
    }
    List<String> all = new ArrayList<>(query.size() + 1);
    all.add(pathArg);
    all.addAll(query);
    return all;
  }

  private static Map<String, List<String>> options(QueryStringDecoder uri) {
    Map<String, List<String>> out = new LinkedHashMap<>(uri.parameters());
    out.remove("arg");
    return out;
  }
}

package io.cairn.node.api;

import java.io.OutputStream;

/** Runs commands in this process against the repo (no daemon running). */
public final class LocalApi implements Api {
  private final ApiCommands commands;
  private final NodeHandle node;

  public LocalApi(ApiCommands commands, NodeHandle node) {
    this.commands = commands;
    this.node = node;
  }

  @Override
  public void call(ApiRequest request, ResultSink sink) {
    ApiCommand command =
        commands
            .find(request.path())
            .orElseThrow(() -> ApiException.client("unknown command \"" + request.path() + "\""));
    ApiResponse response =
        new ApiResponse() {
          @Override
          public void emit(Object value) {
            sink.value(Json.tree(value));
          }

          @Override
          public OutputStream output(long length) {
            return sink.binary(length);
          }
        };
    try {
      command.run(request, response, node);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new ApiException(ApiException.Kind.NORMAL, Errors.message(e), e);
    }
  }

  @Override
  public boolean remote() {
    return false;
  }

  @Override
  public void close() {}
}

package io.cairn.node.cli;

import io.cairn.node.api.Api;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ResultSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Kubo's global {@code --offline}: every request carries {@code offline=true}. */
final class OfflineApi implements Api {
  private final Api api;

  OfflineApi(Api api) {
    this.api = api;
  }

  @Override
  public void call(ApiRequest request, ResultSink sink) {
    Map<String, List<String>> options = new LinkedHashMap<>(request.options());
    options.put("offline", new ArrayList<>(List.of("true")));
    api.call(new ApiRequest(request.path(), request.arguments(), options, request.body()), sink);
  }

  @Override
  public boolean remote() {
    return api.remote();
  }

  @Override
  public void close() {
    api.close();
  }
}

package io.cairn.node.cli;

import io.cairn.node.api.Api;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ResultSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A global flag of Kubo's that goes with every request as an option: {@code --offline} as {@code
 * offline=true}, {@code --timeout 30s} as {@code timeout=30s}.
 */
final class OptionApi implements Api {
  private final Api api;
  private final String name;
  private final String value;

  OptionApi(Api api, String name, String value) {
    this.api = api;
    this.name = name;
    this.value = value;
  }

  @Override
  public void call(ApiRequest request, ResultSink sink) {
    Map<String, List<String>> options = new LinkedHashMap<>(request.options());
    options.put(name, new ArrayList<>(List.of(value)));
    api.call(
        new ApiRequest(
            request.path(), request.arguments(), options, request.body(), request.cancellation()),
        sink);
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

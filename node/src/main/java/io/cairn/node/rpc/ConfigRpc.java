package io.cairn.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.config.ConfigEditor;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.Json;
import io.cairn.node.api.NodeHandle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code config}: gets ({@code arg=KEY}) or sets ({@code arg=KEY&arg=VALUE}, with {@code json} or
 * {@code bool} to type the value) one config value by Kubo's dotted key; emits Kubo's {@code {Key,
 * Value}}, the value as stored.
 */
final class ConfigRpc implements ApiCommand {
  @Override
  public String path() {
    return "config";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    String key = req.argument(0, "key");
    List<String> args = req.arguments();
    ConfigEditor editor = ConfigEditor.open(node.paths());
    if (args.size() > 1) {
      ConfigEditor.ValueType type =
          req.flag(false, "json")
              ? ConfigEditor.ValueType.JSON
              : req.flag(false, "bool")
                  ? ConfigEditor.ValueType.BOOL
                  : ConfigEditor.ValueType.STRING;
      editor.set(key, args.get(1), type);
      node.configChanged();
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Key", key);
    m.put("Value", parse(editor.getJson(key)));
    res.emitOnce(m);
  }

  static JsonNode parse(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("the config editor wrote JSON it cannot read back", e);
    }
  }
}

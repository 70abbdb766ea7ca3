package io.cairn.node.rpc;

import io.cairn.config.ConfigEditor;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.BodyPart;
import io.cairn.node.api.NodeHandle;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code config/replace}: the config becomes the file in the body; the secrets it cannot carry (the
 * private key) are kept, as Kubo does.
 */
final class ConfigReplaceRpc implements ApiCommand {
  private static final String FILE_ARGUMENT = "file";
  private static final int MAX_CONFIG = 16 << 20;

  @Override
  public String path() {
    return "config/replace";
  }

  @Override
  public Optional<String> requiredFile() {
    return Optional.of(FILE_ARGUMENT);
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) throws Exception {
    BodyPart part = req.requiredBody(FILE_ARGUMENT).next();
    String text =
        new String(
            Bodies.read(part, MAX_CONFIG, Bodies.name(part) + " is too large for a config"),
            StandardCharsets.UTF_8);
    ConfigEditor.open(node.paths()).replace(text, Bodies.name(part));
    node.configChanged();
  }
}

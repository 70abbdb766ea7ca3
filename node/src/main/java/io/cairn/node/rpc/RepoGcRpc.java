package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.GcResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code repo/gc}: removes every block no pin reaches; emits Kubo's {@code {Key: {"/": cid}}} per
 * removed block (nothing with {@code silent}). Cairn's {@code summary} option adds a last value,
 * {@code {Summary: {BlocksRemoved, BytesRemoved, BlocksKept}}}, for the CLI's closing line; Kubo's
 * clients never ask for it.
 */
final class RepoGcRpc implements ApiCommand {
  @Override
  public String path() {
    return "repo/gc";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    boolean silent = req.flag(false, "silent");
    GcResult result =
        node.storage()
            .collectGarbage(
                cid -> {
                  if (!silent) {
                    res.emit(Map.of("Key", Map.of("/", cid.toString())));
                  }
                });
    if (req.flag(false, "summary")) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("BlocksRemoved", result.blocksRemoved());
      s.put("BytesRemoved", result.bytesRemoved());
      s.put("BlocksKept", result.blocksKept());
      res.emit(Map.of("Summary", s));
    }
  }
}

package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.CidEncoder;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.PinVerifyReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code pin/verify}: walks every recursive pin's DAG; emits Kubo's {@code PinVerifyRes} for each
 * broken pin ({@code {Cid, BadNodes: [{Cid, Err}]}}, the bad nodes left out with {@code quiet})
 * and, with {@code verbose}, for each whole one ({@code {Cid, Ok: true}}). Fails at the end, naming
 * how many pins are broken, when any is.
 */
final class PinVerifyRpc implements ApiCommand {
  @Override
  public String path() {
    return "pin/verify";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    boolean verbose = req.flag(false, "verbose");
    boolean quiet = req.flag(false, "quiet", "q");
    if (verbose && quiet) {
      throw ApiException.client(
          "the --verbose and --quiet options can not be used at the same time");
    }
    CidEncoder cids = CidEncoder.of(req);
    PinVerifyReport report =
        node.storage()
            .pins()
            .verify(
                e -> {
                  if (e.ok() && !verbose) {
                    return;
                  }
                  // Kubo's fields are omitempty: no Ok when false, no BadNodes when none.
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("Cid", cids.encode(e.pin()));
                  if (e.ok()) {
                    m.put("Ok", true);
                  } else if (!quiet) {
                    List<Map<String, String>> bad = new ArrayList<>();
                    e.missing().forEach(c -> bad.add(badNode(cids.encode(c), "block not found")));
                    e.corrupt().forEach(c -> bad.add(badNode(cids.encode(c), "block was corrupt")));
                    m.put("BadNodes", bad);
                  }
                  res.emit(m);
                });
    if (!report.ok()) {
      throw new IllegalStateException(
          report.problems().size() + " of " + report.pinsChecked() + " pins are broken");
    }
  }

  private static Map<String, String> badNode(String cid, String error) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("Cid", cid);
    m.put("Err", error);
    return m;
  }
}

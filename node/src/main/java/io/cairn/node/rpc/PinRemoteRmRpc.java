package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.pinning.client.PinFilter;
import io.cairn.node.pinning.client.PinningClient;
import io.cairn.node.pinning.client.RemotePin;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code pin/remote/rm --service=NAME [--name=] [--cid=] [--status=] [--force]}: removes the pins
 * {@code pin/remote/ls} would list with the same filters. As in Kubo, more than one match is
 * refused without {@code force}, before anything is removed. The pins are removed a page at a time
 * (each page read with the spec's {@code before} cursor past the pins already removed), so memory
 * does not grow with their number. No output.
 */
final class PinRemoteRmRpc implements ApiCommand {
  @Override
  public String path() {
    return "pin/remote/rm";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    PinningClient client = RemotePins.client(node, req);
    if (!req.arguments().isEmpty()) {
      throw ApiException.client("unexpected argument \"" + req.arguments().get(0) + "\"");
    }
    PinFilter filter = RemotePins.filter(req);
    boolean force = req.flag(false, "force");
    RemotePin before = null;
    boolean first = true;
    while (true) {
      List<RemotePin> page = new ArrayList<>();
      PinningClient.Page listed;
      try {
        listed = client.page(filter, PinningClient.PAGE, before, page::add);
      } catch (ApiException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new ApiException(
            ApiException.Kind.NORMAL, "error while listing remote pins: " + e.getMessage(), e);
      }
      if (first && listed.count() > 1 && !force) {
        throw new ApiException(
            ApiException.Kind.NORMAL,
            "multiple remote pins are matching this query, add --force to confirm the bulk"
                + " removal");
      }
      first = false;
      if (page.isEmpty() && listed.count() > 0) {
        throw new ApiException(
            ApiException.Kind.NORMAL,
            "error while listing remote pins: invalid pinning service response: PinResults.count="
                + listed.count()
                + " but no PinResults.results");
      }
      for (RemotePin pin : page) {
        try {
          client.delete(pin.requestId());
        } catch (ApiException e) {
          throw e;
        } catch (RuntimeException e) {
          throw new ApiException(
              ApiException.Kind.NORMAL,
              "removing pin identified by requestid=\""
                  + pin.requestId()
                  + "\" failed: "
                  + e.getMessage(),
              e);
        }
      }
      if (listed.count() == page.size()) {
        return;
      }
      before = listed.oldest();
    }
  }
}

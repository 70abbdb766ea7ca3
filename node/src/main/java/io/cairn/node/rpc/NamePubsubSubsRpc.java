package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.PeerId;
import java.util.List;
import java.util.function.Function;

/**
 * {@code name/pubsub/subs [--ipns-base]}: {@code {"Strings": ["/ipns/<name>", ...]}}, the names
 * followed, written as {@code --ipns-base} says (base36 by default); {@code null} for none, as
 * Kubo's empty list reaches its JSON.
 */
final class NamePubsubSubsRpc implements ApiCommand {
  @Override
  public String path() {
    return "name/pubsub/subs";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    Function<PeerId, String> ids = KeyOutputs.idEncoder(req);
    List<String> names =
        NamePubsubRpcs.required(node, req).subscriptions().stream()
            .map(n -> "/ipns/" + ids.apply(n))
            .toList();
    res.emitOnce(P2pRpcs.strings(names.isEmpty() ? null : names));
  }
}

package io.cairn.node.rpc;

import io.cairn.config.NodeConfig;
import io.cairn.config.PinningConfig;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.CidEncoder;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.pinning.client.PinFilter;
import io.cairn.node.pinning.client.PinningClient;
import io.cairn.node.pinning.client.RemotePin;
import io.cairn.storage.Cid;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the {@code pin/remote/*} commands share: the service a request names ({@code --service}),
 * found in {@code Pinning.RemoteServices} as the file holds it now (as Kubo reads the repo's config
 * for each command), the {@code ls}/{@code rm} filters, and Kubo's output for a pin.
 */
final class RemotePins {
  private RemotePins() {}

  /**
   * A client of the service the request names.
   *
   * @throws ApiException with Kubo's messages when no service is named or none has that name
   */
  static PinningClient client(NodeHandle node, ApiRequest req) {
    String name =
        req.option("service")
            .orElseThrow(() -> ApiException.client("a service name must be passed"));
    return client(node, req, name);
  }

  /** A client of the named service. */
  static PinningClient client(NodeHandle node, ApiRequest req, String name) {
    if (name.isEmpty()) {
      throw ApiException.client("remote pinning service name not specified");
    }
    PinningConfig.RemoteService service = services(node).get(name);
    if (service == null) {
      throw ApiException.client("service not known");
    }
    return new PinningClient(
        PinningConfig.normalizeEndpoint(service.endpoint()),
        service.key(),
        PinningClient.DEFAULT_TIMEOUT,
        req.cancellation());
  }

  /** {@code Pinning.RemoteServices}, read from the config file now. */
  static Map<String, PinningConfig.RemoteService> services(NodeHandle node) {
    return NodeConfig.load(node.paths()).pinning().remoteServices();
  }

  /**
   * The {@code name}, {@code cid} and {@code status} options of {@code ls} and {@code rm}; each
   * list option may be repeated or comma-separated, and {@code status} is {@code pinned} when
   * absent, as in Kubo.
   */
  static PinFilter filter(ApiRequest req) {
    String name = req.option("name").orElse("");
    List<Cid> cids = new ArrayList<>();
    for (String text : listOption(req, "cid")) {
      try {
        cids.add(Cid.parse(text));
      } catch (IllegalArgumentException e) {
        throw ApiException.client("CID \"" + text + "\" cannot be parsed: " + e.getMessage());
      }
    }
    List<RemotePin.Status> statuses = new ArrayList<>();
    List<String> given = listOption(req, "status");
    for (String text : given.isEmpty() ? List.of("pinned") : given) {
      try {
        RemotePin.Status s = RemotePin.Status.parse(text);
        if (!statuses.contains(s)) {
          statuses.add(s);
        }
      } catch (IllegalArgumentException e) {
        throw ApiException.client(e.getMessage());
      }
    }
    try {
      return new PinFilter(cids, name, statuses);
    } catch (IllegalArgumentException e) {
      throw ApiException.client(e.getMessage());
    }
  }

  /** Kubo's {@code DelimitedStringsOption(",")}: every value given, split at commas. */
  private static List<String> listOption(ApiRequest req, String name) {
    List<String> out = new ArrayList<>();
    for (String value : req.options().getOrDefault(name, List.of())) {
      for (String part : value.split(",")) {
        if (!part.isBlank()) {
          out.add(part.strip());
        }
      }
    }
    return out;
  }

  /** Kubo's {@code RemotePinOutput}: {@code {Status, Cid, Name}}. */
  static Map<String, Object> json(RemotePin pin, CidEncoder cids) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Status", pin.status().label());
    m.put("Cid", cids.encode(pin.cid()));
    m.put("Name", pin.name());
    return m;
  }
}

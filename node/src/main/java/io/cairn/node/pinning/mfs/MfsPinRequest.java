package io.cairn.node.pinning.mfs;

import io.cairn.config.PinningConfig;
import io.cairn.node.pinning.client.PinFilter;
import io.cairn.node.pinning.client.PinningClient;
import io.cairn.node.pinning.client.RemotePin;
import io.cairn.storage.Cid;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service's pin of the MFS root, as Kubo's {@code pinMFS} asks for it: the service's pins of
 * the policy's name (in any status) are listed; when one of the root is there and has not failed,
 * nothing is sent; else the last one listed is replaced by a pin of the root ({@code POST
 * /pins/{requestid}}), or, with none, a pin of the root is added. The pin carries the node's
 * addresses as {@code origins}.
 */
final class MfsPinRequest {
  private static final Logger LOG = LoggerFactory.getLogger(MfsPinRequest.class);

  private static final List<RemotePin.Status> ANY_STATUS = List.of(RemotePin.Status.values());

  private MfsPinRequest() {}

  /**
   * Pins {@code root} on the service under {@code pinName}.
   *
   * @param now when the pin is asked for
   * @return the pin made or found
   * @throws RuntimeException when the service cannot be listed or refuses the pin
   */
  static LastPin send(
      PinningClient client,
      String serviceName,
      PinningConfig.RemoteService service,
      Cid root,
      String pinName,
      Supplier<List<String>> origins,
      Instant now) {
    Found found = new Found();
    try {
      client.list(
          new PinFilter(List.of(), pinName, ANY_STATUS),
          pin -> {
            if (found.held != null) {
              return; // Kubo stops at the first pin of the root
            }
            found.requestId = pin.requestId();
            boolean ofRoot = pin.cid().equals(root);
            if (ofRoot && pin.status() == RemotePin.Status.FAILED) {
              LOG.error(
                  "pinning to \"{}\": received pre-existing \"failed\" status for \"{}\""
                      + " (requestid=\"{}\")",
                  serviceName,
                  root,
                  pin.requestId());
            } else if (ofRoot) {
              found.held = pin;
            }
          });
    } catch (RuntimeException e) {
      throw new IllegalStateException("error while listing remote pins: " + e.getMessage(), e);
    }
    if (found.held != null) {
      LOG.debug(
          "pinning MFS to \"{}\": pin for \"{}\" exists since {}, skipping",
          serviceName,
          root,
          found.held.created());
      return new LastPin(found.held.created(), service, root);
    }
    if (found.requestId != null) {
      LOG.debug(
          "pinning to \"{}\": replacing existing MFS root pin with \"{}\"", serviceName, root);
      client.replace(found.requestId, root, pinName, origins.get());
    } else {
      LOG.debug("pinning to \"{}\": creating a new MFS root pin for \"{}\"", serviceName, root);
      client.add(root, pinName, origins.get());
    }
    return new LastPin(now, service, root);
  }

  /** What the listing found: the last request seen, and a pin of the root that has not failed. */
  private static final class Found {
    String requestId;
    RemotePin held;
  }
}

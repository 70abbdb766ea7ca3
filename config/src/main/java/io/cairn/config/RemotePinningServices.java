package io.cairn.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Kubo's {@code pin remote service add|rm}: writes {@code Pinning.RemoteServices}, which {@code
 * cairn config} may neither read nor set because it holds the services' keys. Each change is one
 * atomic write under the lock every config change takes ({@link ConfigEditor}).
 */
public final class RemotePinningServices {
  private RemotePinningServices() {}

  /**
   * Adds a service as Kubo does: the endpoint checked and cleaned up ({@link
   * PinningConfig#normalizeEndpoint}), empty {@code Policies}.
   *
   * @throws IllegalArgumentException with Kubo's message when the endpoint is not valid or a
   *     service of that name is present; the file is then unchanged
   */
  public static void add(RepoPaths paths, String name, String endpoint, String key) {
    String normalized = PinningConfig.normalizeEndpoint(endpoint);
    ConfigEditor.open(paths)
        .update(
            current -> {
              ObjectNode updated = current.deepCopy();
              ObjectNode services = object(object(updated, "Pinning"), "RemoteServices");
              JsonNode present = services.get(name);
              if (present != null && !present.isNull()) {
                throw new IllegalArgumentException("service already present");
              }
              ObjectNode service = services.putObject(name);
              ObjectNode api = service.putObject("API");
              api.put("Endpoint", normalized);
              api.put("Key", key);
              ObjectNode mfs = service.putObject("Policies").putObject("MFS");
              mfs.put("Enable", false);
              mfs.put("PinName", "");
              mfs.put("RepinInterval", "");
              return updated;
            });
  }

  /** Removes a service; as in Kubo, removing one that is not there does nothing. */
  public static void remove(RepoPaths paths, String name) {
    ConfigEditor.open(paths)
        .update(
            current -> {
              if (!(current.path("Pinning").path("RemoteServices") instanceof ObjectNode services)
                  || !services.has(name)) {
                return current;
              }
              ObjectNode updated = current.deepCopy();
              ((ObjectNode) updated.get("Pinning").get("RemoteServices")).remove(name);
              return updated;
            });
  }

  /** The object at {@code field}, made where it is missing or null. */
  private static ObjectNode object(ObjectNode parent, String field) {
    JsonNode child = parent.get(field);
    if (child instanceof ObjectNode o) {
      return o;
    }
    if (child != null && !child.isNull()) {
      throw new IllegalArgumentException(field + " key is not a map");
    }
    return parent.putObject(field);
  }
}

package io.cairn.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;

/**
 * The secrets a config file holds and how {@code cairn config} guards them, as Kubo does: the
 * private key ({@code Identity.PrivKey}), RPC secrets ({@code API.Authorizations}), the access
 * tokens of the pinning service this node serves ({@code PinningService.Tokens}) and the API keys
 * of remote pinning services a Kubo config may carry ({@code Pinning.RemoteServices.*.API.Key}).
 * They are never printed by {@code config show}, cannot be read or set by key, and survive a {@code
 * config replace} with a file that {@code config show} printed.
 */
final class ConfigSecrets {
  /** Kubo's PinningConcealSelector; {@code *} stands for any service name. */
  private static final String[] PINNING_KEY = {"pinning", "remoteservices", "*", "api", "key"};

  private ConfigSecrets() {}

  /**
   * Refuses keys that lead to a secret.
   *
   * @throws ConfigException with Kubo's message
   */
  static void guard(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    if (k.equals("identity") || k.equals("identity.privkey")) {
      throw new ConfigException("cannot show or change private key through API");
    }
    // Kubo matches the first min(key, selector) parts, so "Pinning" alone is refused too.
    String[] parts = k.split("\\.", -1);
    boolean matches = true;
    for (int i = 0; i < Math.min(parts.length, PINNING_KEY.length) && matches; i++) {
      matches = PINNING_KEY[i].equals("*") || PINNING_KEY[i].equals(parts[i]);
    }
    if (matches) {
      throw new ConfigException("cannot show or change pinning services credentials");
    }
  }

  /** A copy of {@code tree} for {@code config show}: secrets removed or emptied. */
  static ObjectNode scrubbed(ObjectNode tree) {
    ObjectNode copy = tree.deepCopy();
    if (copy.get("Identity") instanceof ObjectNode identity) {
      identity.remove("PrivKey");
    }
    if (copy.get("API") instanceof ObjectNode api
        && api.get("Authorizations") instanceof ObjectNode) {
      api.putObject("Authorizations");
    }
    if (copy.get("PinningService") instanceof ObjectNode pinning
        && pinning.get("Tokens") instanceof ObjectNode) {
      pinning.putObject("Tokens");
    }
    for (ObjectNode serviceApi : pinningServiceApis(copy).values()) {
      serviceApi.remove("Key");
    }
    return copy;
  }

  /**
   * Carries the current file's secrets into a replacement, as Kubo's {@code config replace} does:
   * the private key is kept (a replacement may not carry one) and the peer ID derived from it;
   * pinning service API keys are kept (a replacement may not change one); and an empty {@code
   * API.Authorizations} or {@code PinningService.Tokens}, which is what {@code config show} prints,
   * keeps the current entries.
   *
   * @throws ConfigException if the replacement tries to set a secret
   */
  static void carryOver(ObjectNode current, ObjectNode replacement, Identity key) {
    JsonNode newKey = replacement.path("Identity").path("PrivKey");
    if (newKey.isTextual() && !newKey.asText().isEmpty()) {
      throw new ConfigException("setting private key with API is not supported");
    }
    ObjectNode identity =
        replacement.get("Identity") instanceof ObjectNode existing
            ? existing
            : replacement.putObject("Identity");
    identity.put("PeerID", key.peerId().toString());
    identity.put("PrivKey", key.privKey());

    keepIfEmptied(current, replacement, "API", "Authorizations");
    keepIfEmptied(current, replacement, "PinningService", "Tokens");

    Map<String, ObjectNode> currentServices = pinningServiceApis(current);
    pinningServiceApis(replacement)
        .forEach(
            (name, serviceApi) -> {
              ObjectNode old = currentServices.get(name);
              JsonNode oldKey = old == null ? null : old.get("Key");
              JsonNode givenKey = serviceApi.get("Key");
              boolean givesKey = givenKey != null && !givenKey.asText().isEmpty();
              if (givesKey && (oldKey == null || !oldKey.equals(givenKey))) {
                throw new ConfigException(
                    "cannot change remote pinning services api info with `config replace`");
              }
              if (oldKey != null) {
                serviceApi.set("Key", oldKey.deepCopy());
              }
            });
  }

  /**
   * Keeps {@code section.field} of {@code current} when the replacement has it as an empty object.
   */
  private static void keepIfEmptied(
      ObjectNode current, ObjectNode replacement, String section, String field) {
    JsonNode kept = current.path(section).path(field);
    if (replacement.get(section) instanceof ObjectNode s
        && s.get(field) instanceof ObjectNode given
        && given.isEmpty()
        && kept.isObject()) {
      s.set(field, kept.deepCopy());
    }
  }

  /** The {@code API} object of each {@code Pinning.RemoteServices} entry, by service name. */
  private static Map<String, ObjectNode> pinningServiceApis(ObjectNode tree) {
    Map<String, ObjectNode> out = new java.util.LinkedHashMap<>();
    JsonNode services = tree.path("Pinning").path("RemoteServices");
    if (services.isObject()) {
      for (Map.Entry<String, JsonNode> e : services.properties()) {
        if (e.getValue().get("API") instanceof ObjectNode api) {
          out.put(e.getKey(), api);
        }
      }
    }
    return out;
  }
}

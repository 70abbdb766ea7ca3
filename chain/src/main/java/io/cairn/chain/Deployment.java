package io.cairn.chain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where the contracts live on a chain.
 *
 * @param chainId the chain's ID
 * @param registry the ProviderRegistry address
 * @param market the StorageMarket address
 * @param computeMarket the ComputeMarket address
 * @param token the ERC-20 deals pay in unless they pay in native currency (the dev TestToken)
 * @param block the block of the deployment: where event scans start
 */
public record Deployment(
    long chainId, String registry, String market, String computeMarket, String token, long block) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public Deployment {
    registry = Addresses.check(registry, "registry");
    market = Addresses.check(market, "market");
    computeMarket = Addresses.check(computeMarket, "compute market");
    token = Addresses.check(token, "token");
    if (chainId <= 0) {
      throw new IllegalArgumentException("chain ID " + chainId + " is not positive");
    }
    if (block < 0) {
      throw new IllegalArgumentException("deployment block " + block + " is negative");
    }
  }

  /**
   * As JSON: {@code
   * {"chainId":…,"registry":"0x…","market":"0x…","computeMarket":"0x…","token":"0x…","block":…}}.
   */
  public String toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("chainId", chainId);
    o.put("registry", registry);
    o.put("market", market);
    o.put("computeMarket", computeMarket);
    o.put("token", token);
    o.put("block", block);
    return o.toString();
  }

  /**
   * Reads {@link #toJson()}'s form.
   *
   * @throws IllegalArgumentException naming the missing or malformed field
   */
  public static Deployment fromJson(String json) {
    JsonNode o;
    try {
      o = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("deployment is not JSON: " + e.getOriginalMessage(), e);
    }
    if (o == null || !o.isObject()) {
      throw new IllegalArgumentException("deployment must be a JSON object");
    }
    long chainId = number(o, "chainId");
    String registry = text(o, "registry");
    String market = text(o, "market");
    if (!o.has("computeMarket")) {
      throw new IllegalArgumentException(
          "deployment has no 'computeMarket': it was made before the compute market existed and"
              + " its registry cannot be wired to one; deploy the contracts again");
    }
    return new Deployment(
        chainId, registry, market, text(o, "computeMarket"), text(o, "token"), number(o, "block"));
  }

  private static long number(JsonNode o, String field) {
    JsonNode n = o.get(field);
    if (n == null || !n.canConvertToLong()) {
      throw new IllegalArgumentException("deployment field '" + field + "' must be a number");
    }
    return n.asLong();
  }

  private static String text(JsonNode o, String field) {
    JsonNode n = o.get(field);
    if (n == null || !n.isTextual()) {
      throw new IllegalArgumentException("deployment field '" + field + "' must be an address");
    }
    return n.asText();
  }
}

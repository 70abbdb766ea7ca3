package io.cairn.node.rpc;

import io.cairn.config.Identity;
import io.cairn.config.Keystore;
import io.cairn.config.Units;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.GoDurations;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.p2p.NameKeys;
import io.cairn.retrieval.ipns.NameSystem;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code name/publish <ipfs-path>}: Kubo's publication of a path under an IPNS name, with its
 * options ({@code --key}, {@code --resolve}, {@code --lifetime}, {@code --ttl}, {@code --v1compat},
 * {@code --allow-offline}, {@code --sequence}, {@code --ipns-base}) and its {@code {Name, Value}}
 * answer. The value is the path as Kubo normalises it (a bare CID becomes {@code /ipfs/<cid>});
 * with {@code --resolve} (the default) it must resolve to a block first, as Kubo checks. Without a
 * network (a one-shot command, an offline daemon) the record is kept in the repo only, and only
 * with {@code --allow-offline}.
 */
final class NamePublishRpc implements ApiCommand {
  @Override
  public String path() {
    return "name/publish";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    String argument = req.argument(0, "ipfs-path");
    var ids = KeyOutputs.idEncoder(req);
    boolean allowOffline = req.flag(false, "allow-offline");
    boolean v1 = req.flag(true, "v1compat");
    boolean check = req.flag(true, "resolve");
    req.flag(false, "quieter", "Q"); // text output only
    String keyName = req.option("key", "k").orElse(Keystore.SELF);
    Duration lifetime = lifetime(req);
    Duration ttl = ttl(req, lifetime);
    Long sequence = sequence(req);

    String value = IpnsPaths.contentPath(argument);
    if (check) {
      ResolveRpc.resolveFully(node, req, value, NameSystem.ResolveOptions.defaults());
    }
    Identity key = NameKeys.find(node.key(Keystore.SELF), node.keystore(), keyName);
    NameSystem names = node.names(req);
    NameSystem.PublishOptions options =
        new NameSystem.PublishOptions(lifetime, ttl, sequence, v1, allowOffline);
    NameSystem.Publication published =
        IpnsPaths.await(req, () -> names.publish(NameKeys.signer(key), value, options));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Name", ids.apply(published.name()));
    out.put("Value", value);
    res.emitOnce(out);
  }

  /** {@code --lifetime}: a Go duration greater than zero, 48 h unless given. */
  private static Duration lifetime(ApiRequest req) {
    String text = req.option("lifetime", "t").orElse(null);
    if (text == null) {
      return NameSystem.DEFAULT_LIFETIME;
    }
    Duration d = duration(text, "lifetime");
    if (d == null || d.isZero()) {
      throw error("lifetime must be greater than zero, got " + text);
    }
    return d;
  }

  /** {@code --ttl}: a Go duration, not negative nor above the lifetime; else 5 min, capped. */
  private static Duration ttl(ApiRequest req, Duration lifetime) {
    String text = req.option("ttl").orElse(null);
    if (text == null) {
      return NameSystem.DEFAULT_TTL.compareTo(lifetime) < 0 ? NameSystem.DEFAULT_TTL : lifetime;
    }
    Duration d = duration(text, "ttl");
    if (d == null) {
      throw error("ttl must not be negative, got " + text);
    }
    if (d.compareTo(lifetime) > 0) {
      throw error(
          "ttl ("
              + GoDurations.format(d)
              + ") must not be greater than lifetime ("
              + GoDurations.format(lifetime)
              + ")");
    }
    return d;
  }

  /** A Go duration; null for a negative one, which each option refuses in its own words. */
  private static Duration duration(String text, String option) {
    String t = text.strip();
    if (t.startsWith("-")) {
      return null;
    }
    try {
      return Units.parseDuration(t);
    } catch (IllegalArgumentException e) {
      throw error("error parsing " + option + " option: " + e.getMessage());
    }
  }

  /** {@code --sequence}: an unsigned 64-bit integer, or null when not given. */
  private static Long sequence(ApiRequest req) {
    String text = req.option("sequence").orElse(null);
    if (text == null) {
      return null;
    }
    try {
      return Long.parseUnsignedLong(text.strip());
    } catch (NumberFormatException e) {
      throw ApiException.client(
          "option 'sequence' must be an unsigned 64-bit integer, not \"" + text + "\"");
    }
  }

  /** Kubo returns these from its command's run: plain errors, status 500. */
  private static ApiException error(String message) {
    return new ApiException(ApiException.Kind.NORMAL, message);
  }
}

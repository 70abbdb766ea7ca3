package io.cairn.node.rpc;

import io.cairn.config.Identity;
import io.cairn.config.Keystore;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.retrieval.ipns.IpnsRecord;
import io.cairn.storage.Multibase;
import io.cairn.storage.PeerId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code key/verify [--key KEY] --signature SIG [--ipns-base]} with the data as the body's one
 * file: whether SIG (multibase) is a signature of the data (after libp2p's prefix) by KEY, which is
 * the node identity ('self' or none), a keystore key's name, or any IPNS name or peer ID whose key
 * it carries. Emits Kubo's {@code {Key: {Name, Id}, SignatureValid}}; Name is "" for a key named by
 * its ID.
 */
final class KeyVerifyRpc implements ApiCommand {
  @Override
  public String path() {
    return "key/verify";
  }

  @Override
  public Optional<String> requiredFile() {
    return Optional.of(KeySigning.FILE_ARGUMENT);
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) throws Exception {
    var ids = KeyOutputs.idEncoder(req);
    String keyOrName = req.option("key", "k").orElse("");
    byte[] signature;
    try {
      signature = Multibase.decode(req.option("signature", "s").orElse(""));
    } catch (IllegalArgumentException e) {
      throw ApiException.client("invalid --signature: " + e.getMessage());
    }
    String name;
    PeerId peer;
    Identity held =
        null; // a key this node holds: checked with its public key (RSA's is not in its ID)
    if (keyOrName.isEmpty() || keyOrName.equals(Keystore.SELF)) {
      name = Keystore.SELF;
      held = node.key(null);
      peer = held.peerId();
    } else {
      Optional<Identity> stored;
      try {
        stored = node.keystore().find(keyOrName);
      } catch (IllegalArgumentException notAKeyName) {
        stored = Optional.empty(); // "/ipns/..." and the like name no keystore key
      }
      if (stored.isPresent()) {
        name = keyOrName;
        held = stored.get();
        peer = held.peerId();
      } else {
        name = "";
        peer = named(keyOrName);
      }
    }
    boolean valid;
    try {
      byte[] message = KeySigning.message(req);
      valid = held != null ? held.verify(message, signature) : peer.verify(message, signature);
    } catch (IllegalArgumentException e) {
      throw new ApiException(
          ApiException.Kind.NORMAL, "cannot verify with " + keyOrName + ": " + e.getMessage(), e);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Object> key = new LinkedHashMap<>();
    key.put("Name", name);
    key.put("Id", ids.apply(peer));
    out.put("Key", key);
    out.put("SignatureValid", valid);
    res.emitOnce(out);
  }

  /** An IPNS name or peer ID, as Kubo's {@code ipns.NameFromString} reads one. */
  private static PeerId named(String text) {
    try {
      return IpnsRecord.parseName(text.startsWith("/ipns/") ? text.substring(6) : text);
    } catch (RuntimeException e) {
      throw new ApiException(
          ApiException.Kind.NORMAL,
          "'\"" + text + "\"' is not a known key, an IPNS Name, or a valid PeerID");
    }
  }
}

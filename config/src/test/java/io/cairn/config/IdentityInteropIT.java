package io.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.storage.Multibase;
import io.cairn.storage.PeerId;
import io.cairn.storage.testing.JsReference;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Checks node keys against js-libp2p ({@code @libp2p/crypto}, {@code @libp2p/peer-id}): a key Cairn
 * generates, as the base64 it writes to {@code Identity.PrivKey}, gives the same peer ID in
 * JavaScript; a key JavaScript generates reads in Cairn to the same peer ID; and signatures made by
 * either verify in the other.
 */
@Tag("interop")
class IdentityInteropIT {
  @Test
  void keysPeerIdsAndSignaturesAgreeWithJsLibp2p() throws Exception {
    for (int round = 0; round < 5; round++) {
      Identity cairn = Identity.generate(new SecureRandom());
      byte[] message = new byte[100 + round * 37];
      new SecureRandom().nextBytes(message);
      byte[] signature = cairn.sign(message);

      ObjectNode request = ConfigJson.MAPPER.createObjectNode();
      request.put("privKey", cairn.privKey());
      request.put("message", HexFormat.of().formatHex(message));
      request.put("signature", Base64.getEncoder().encodeToString(signature));
      request
          .putArray("peerIdForms")
          .add(cairn.peerId().toString())
          .add(cairn.peerId().toBase36())
          .add(cairn.peerId().toCid().toString())
          .add(cairn.peerId().toCid().toString(Multibase.BASE58_BTC));
      JsonNode js =
          ConfigJson.MAPPER.readTree(
              JsReference.run(
                  "config-identity.mjs",
                  ConfigJson.compact(request).getBytes(StandardCharsets.UTF_8)));

      // A key Cairn made, as Cairn stores it, is read by js-libp2p as the same key and peer.
      assertThat(js.get("cairnKeyType").asText()).isEqualTo("Ed25519");
      assertThat(js.get("cairnPeerId").asText()).isEqualTo(cairn.peerId().toString());
      assertThat(js.get("cairnPeerIdBase36").asText()).isEqualTo(cairn.peerId().toBase36());
      assertThat(Base64.getDecoder().decode(js.get("cairnPublicKey").asText()))
          .isEqualTo(cairn.publicKeyProtobuf());
      assertThat(js.get("cairnKeyReencoded").asText()).isEqualTo(cairn.privKey());
      for (JsonNode parsed : js.get("parsedForms")) {
        assertThat(parsed.asText()).isEqualTo(cairn.peerId().toString());
      }

      // Signatures cross over both ways (Ed25519 is deterministic, so they are equal too).
      assertThat(js.get("cairnSignatureValid").asBoolean()).isTrue();
      assertThat(js.get("cairnSignatureValidOnTampered").asBoolean()).isFalse();
      assertThat(Base64.getDecoder().decode(js.get("jsSignatureOfMessage").asText()))
          .isEqualTo(signature);

      // A key js-libp2p made reads in Cairn to the peer ID js-libp2p gives it.
      Identity fromJs = Identity.fromPrivKey(js.get("jsPrivKey").asText());
      assertThat(fromJs.peerId().toString()).isEqualTo(js.get("jsPeerId").asText());
      assertThat(fromJs.privKey()).isEqualTo(js.get("jsPrivKey").asText());
      PeerId jsPeer = PeerId.parse(js.get("jsPeerIdCid").asText());
      assertThat(jsPeer).isEqualTo(fromJs.peerId());
      byte[] jsSignature = Base64.getDecoder().decode(js.get("jsSignature").asText());
      assertThat(jsPeer.verify(message, jsSignature)).isTrue();
      message[0] ^= 1;
      assertThat(jsPeer.verify(message, jsSignature)).isFalse();
    }
  }
}

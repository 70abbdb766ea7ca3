package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.config.Identity;
import io.cairn.config.Keystore;
import io.cairn.config.RepoPaths;
import io.cairn.storage.testing.JsReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/**
 * Key files between {@code cairn key export}/{@code import} and the references: the libp2p protobuf
 * with {@code @libp2p/crypto}, PKCS#8 PEM with Node's own {@code crypto}. Each reads the other's
 * files and finds the same key (the same peer ID, the same public key).
 */
@Tag("interop")
@BothModes
class KeyFormatsInteropIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Parameter Cli.Mode mode;

  @TempDir Path tmp;
  Cli cli;

  @BeforeEach
  void init() {
    cli = Cli.init(tmp.resolve("repo"), mode);
  }

  @Test
  void exportedKeysReadInTheReferencesAndTheirKeysImportWithTheSameIds() throws Exception {
    cli.ok("key", "gen", "mine");
    Identity mine = Keystore.open(new RepoPaths(cli.repo())).get("mine");
    Path key = tmp.resolve("mine.key");
    Path pem = tmp.resolve("mine.pem");
    cli.ok("key", "export", "mine", "-o", key.toString());
    cli.ok("key", "export", "mine", "-f", "pem-pkcs8-cleartext", "-o", pem.toString());
    byte[] protobuf = Files.readAllBytes(key);
    byte[] data = "signed by mine".getBytes(StandardCharsets.UTF_8);
    String signature =
        cli.okWithInput(data, "key", "sign", "-k", "mine").json().get("Signature").asText();
    String request =
        JSON.writeValueAsString(
            Map.of(
                "protobuf", Base64.getEncoder().encodeToString(protobuf),
                "pem", Files.readString(pem, StandardCharsets.US_ASCII),
                "data", Base64.getEncoder().encodeToString(data),
                "signature", signature));
    JsonNode js =
        JSON.readTree(JsReference.run("key-formats.mjs", request.getBytes(StandardCharsets.UTF_8)));

    // @libp2p/crypto reads Cairn's protobuf as the same Ed25519 key, byte for byte
    assertThat(js.get("cairnProtobufType").asText()).isEqualTo("Ed25519");
    assertThat(js.get("cairnProtobufPeerId").asText()).isEqualTo(mine.peerId().toString());
    assertThat(Base64.getDecoder().decode(js.get("cairnProtobufReencoded").asText()))
        .isEqualTo(protobuf);
    // Node's crypto reads Cairn's PEM as the same Ed25519 key
    assertThat(js.get("cairnPemType").asText()).isEqualTo("ed25519");
    assertThat(js.get("cairnPemPublicKey").asText())
        .isEqualTo(HexFormat.of().formatHex(mine.publicKey()));
    assertThat(js.get("cairnPemPeerId").asText()).isEqualTo(mine.peerId().toString());

    // and Cairn imports their keys with the IDs they give them
    Path jsKey = tmp.resolve("js.key");
    Files.write(jsKey, Base64.getDecoder().decode(js.get("jsProtobuf").asText()));
    assertThat(cli.ok("key", "import", "--ipns-base=b58mh", "js", jsKey.toString()).out())
        .isEqualTo(js.get("jsPeerId").asText() + "\n");
    Path nodePem = tmp.resolve("node.pem");
    Files.writeString(nodePem, js.get("nodePem").asText(), StandardCharsets.US_ASCII);
    assertThat(
            cli.ok(
                    "key",
                    "import",
                    "--ipns-base=b58mh",
                    "-f",
                    "pem-pkcs8-cleartext",
                    "node",
                    nodePem.toString())
                .out())
        .isEqualTo(js.get("nodePeerId").asText() + "\n");
    // key sign's signatures check in @libp2p/crypto, and its signatures in key verify
    assertThat(js.get("cairnSignatureValid").asBoolean()).isTrue();
    assertThat(
            cli.okWithInput(data, "key", "verify", "-k", "js", "-s", js.get("jsSignature").asText())
                .json()
                .get("SignatureValid")
                .asBoolean())
        .isTrue();
    // an imported key exports as the very bytes the reference wrote
    Path back = tmp.resolve("back.key");
    cli.ok("key", "export", "js", "-o", back.toString());
    assertThat(Files.readAllBytes(back)).isEqualTo(Files.readAllBytes(jsKey));
    Path backPem = tmp.resolve("back.pem");
    cli.ok("key", "export", "node", "--format=pem-pkcs8-cleartext", "-o", backPem.toString());
    assertThat(Files.readString(backPem)).isEqualTo(js.get("nodePem").asText());
  }
}

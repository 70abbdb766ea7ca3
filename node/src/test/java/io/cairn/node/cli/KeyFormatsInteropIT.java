package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.config.Identity;
import io.cairn.config.Keystore;
import io.cairn.config.RepoPaths;
import io.cairn.node.p2p.NameKeys;
import io.cairn.retrieval.ipns.IpnsRecord;
import io.cairn.storage.PeerId;
import io.cairn.storage.testing.JsReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/**
 * Key files between {@code cairn key export}/{@code import} and the references: the libp2p protobuf
 * with {@code @libp2p/crypto}, PKCS#8 PEM with Node's own {@code crypto}. Each reads the other's
 * files and finds the same key (the same peer ID, the same public key). For RSA and secp256k1 keys
 * also their signatures (byte for byte: both are deterministic) and IPNS records, which the {@code
 * ipns} package's validator (Helia's) checks, and Cairn checks its records.
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
    assertThat(importPem("node", nodePem)).isEqualTo(js.get("nodePeerId").asText() + "\n");
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

  /** {@code key import} of a PEM file; what it prints: the key's peer ID (b58mh) and a newline. */
  private String importPem(String name, Path pem) {
    return cli.ok(
            "key", "import", "--ipns-base=b58mh", "-f", "pem-pkcs8-cleartext", name, pem.toString())
        .out();
  }

  @Test
  void rsaAndSecp256k1KeysTheirSignaturesAndIpnsRecordsCheckInTheReferences() throws Exception {
    String value = "/ipfs/QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH";
    byte[] data = "signed by a keystore key".getBytes(StandardCharsets.UTF_8);
    List<String> names = List.of("rsa", "secp256k1");
    List<Map<String, String>> keys = new ArrayList<>();
    List<Identity> held = new ArrayList<>();
    List<String> signatures = new ArrayList<>();
    for (String type : names) {
      cli.ok("key", "gen", "-t", type, type);
      Identity key = Keystore.open(new RepoPaths(cli.repo())).get(type);
      held.add(key);
      Path file = tmp.resolve(type + ".key");
      Path pem = tmp.resolve(type + ".pem");
      cli.ok("key", "export", type, "-o", file.toString());
      cli.ok("key", "export", type, "-f", "pem-pkcs8-cleartext", "-o", pem.toString());
      String signature =
          cli.okWithInput(data, "key", "sign", "-k", type).json().get("Signature").asText();
      signatures.add(signature);
      // The record as name publish --key makes it: the keystore key as the name system's signer.
      IpnsRecord record =
          IpnsRecord.create(
              NameKeys.signer(key),
              value,
              1,
              Instant.now().plus(Duration.ofHours(1)),
              Duration.ofMinutes(1),
              true);
      record.validate(key.peerId(), Instant.now());
      keys.add(
          Map.of(
              "protobuf", Base64.getEncoder().encodeToString(Files.readAllBytes(file)),
              "pem", Files.readString(pem, StandardCharsets.US_ASCII),
              "data", Base64.getEncoder().encodeToString(data),
              "signature", signature,
              "record", HexFormat.of().formatHex(record.bytes()),
              "routingKey", HexFormat.of().formatHex(IpnsRecord.routingKey(key.peerId()))));
    }
    String request = JSON.writeValueAsString(Map.of("keys", keys, "value", value));
    JsonNode js =
        JSON.readTree(JsReference.run("key-types.mjs", request.getBytes(StandardCharsets.UTF_8)));

    for (int i = 0; i < names.size(); i++) {
      JsonNode k = js.get("keys").get(i);
      Identity key = held.get(i);
      String what = names.get(i);
      assertThat(k.get("type").asText()).as(what).isEqualToIgnoringCase(what);
      assertThat(k.get("peerId").asText()).as(what).isEqualTo(key.peerId().toString());
      assertThat(k.get("reencoded").asText()).as(what).isEqualTo(keys.get(i).get("protobuf"));
      assertThat(k.get("signatureValid").asBoolean()).as(what).isTrue();
      // PKCS#1 v1.5 and RFC 6979 ECDSA with low S are deterministic: the very same bytes.
      assertThat(k.get("jsSignature").asText()).as(what).isEqualTo(signatures.get(i));
      // key verify checks a held key with its public key (an RSA peer ID does not carry it)
      assertThat(
              cli.okWithInput(
                      data, "key", "verify", "-k", what, "-s", k.get("jsSignature").asText())
                  .json()
                  .get("SignatureValid")
                  .asBoolean())
          .as(what)
          .isTrue();
      assertThat(k.get("pemMatches").asBoolean()).as(what).isTrue();
      assertThat(k.get("recordValid").asBoolean()).as(k.path("recordError").asText()).isTrue();
      assertThat(k.get("recordValue").asText()).isEqualTo(value);
      // OpenSSL's own PKCS#8 of the key imports as the same key.
      Path openssl = tmp.resolve(what + "-openssl.pem");
      Files.writeString(openssl, k.get("opensslPem").asText(), StandardCharsets.US_ASCII);
      assertThat(importPem(what + "-openssl", openssl)).isEqualTo(key.peerId() + "\n");
    }
    // The RSA name is a sha2-256 multihash: the record carries the public key; secp256k1's inlines.
    assertThat(js.at("/keys/0/recordPubKey").asText())
        .isEqualTo(HexFormat.of().formatHex(held.get(0).publicKeyProtobuf()));
    assertThat(js.at("/keys/1/recordPubKey").isNull()).isTrue();

    // Keys @libp2p/crypto made import with its peer IDs, and Cairn validates its records.
    for (String what : names) {
      JsonNode made = js.get("made").get(what);
      Path file = tmp.resolve("js-" + what + ".key");
      Files.write(file, Base64.getDecoder().decode(made.get("protobuf").asText()));
      assertThat(cli.ok("key", "import", "--ipns-base=b58mh", "js-" + what, file.toString()).out())
          .isEqualTo(made.get("peerId").asText() + "\n");
      IpnsRecord record = IpnsRecord.decode(HexFormat.of().parseHex(made.get("record").asText()));
      record.validate(PeerId.parse(made.get("peerId").asText()), Instant.now());
      assertThat(record.value()).isEqualTo(value);
    }
    assertThat(cli.ok("key", "ls").lines())
        .contains("rsa", "secp256k1", "js-rsa", "js-secp256k1", "rsa-openssl");
  }
}

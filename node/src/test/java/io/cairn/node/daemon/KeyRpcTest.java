package io.cairn.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.config.Identity;
import io.cairn.config.KeyFormat;
import io.cairn.config.Keystore;
import io.cairn.config.NodeConfig;
import io.cairn.config.RepoPaths;
import io.cairn.storage.Multibase;
import io.cairn.storage.PeerId;
import io.cairn.storage.codec.KeyProtobuf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kubo's {@code key} commands on the wire: their paths, options, output shapes and errors. */
class KeyRpcTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Daemon daemon;
  private PeerId self;

  @BeforeEach
  void start() {
    daemon = RpcWireTest.quietDaemon(dir);
    self = NodeConfig.load(new RepoPaths(dir.resolve("repo"))).identity().peerId();
  }

  @AfterEach
  void stop() {
    daemon.close();
  }

  private RawHttp post(String target) throws IOException {
    return RawHttp.api(daemon, target);
  }

  private JsonNode ok(String target) throws IOException {
    RawHttp r = post(target);
    assertThat(r.status()).as("%s: %s", target, r.bodyText()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private String error(String target, int status) throws IOException {
    RawHttp r = post(target);
    assertThat(r.status()).as("%s: %s", target, r.bodyText()).isEqualTo(status);
    return JSON.readTree(r.body()).get("Message").asText();
  }

  @Test
  void genLsRenameAndRmAnswerInKubosShapes() throws IOException {
    JsonNode gen = ok("key/gen?arg=mykey&type=ed25519");
    assertThat(fieldNames(gen)).containsExactly("Name", "Id");
    assertThat(gen.get("Name").asText()).isEqualTo("mykey");
    String id = gen.get("Id").asText();
    assertThat(id).startsWith("k51");
    PeerId peer = PeerId.fromMultihash(io.cairn.storage.Cid.parse(id).multihash());
    assertThat(peer.toString()).startsWith("12D3KooW");
    assertThat(Keystore.open(new RepoPaths(dir.resolve("repo"))).get("mykey").peerId())
        .isEqualTo(peer);

    JsonNode ls = ok("key/ls");
    assertThat(fieldNames(ls)).containsExactly("Keys");
    assertThat(ls.get("Keys").toString())
        .isEqualTo(
            "[{\"Name\":\"self\",\"Id\":\""
                + self.toBase36()
                + "\"},{\"Name\":\"mykey\",\"Id\":\""
                + id
                + "\"}]");
    // the deprecated name kubo-rpc-client still calls, and -l (text only) changes nothing here
    assertThat(ok("key/list?l=true")).isEqualTo(ls);

    JsonNode renamed = ok("key/rename?arg=mykey&arg=other");
    assertThat(renamed.toString())
        .isEqualTo(
            "{\"Was\":\"mykey\",\"Now\":\"other\",\"Id\":\"" + id + "\",\"Overwrite\":false}");
    ok("key/gen?arg=third");
    assertThat(ok("key/rename?arg=third&arg=other&force=true").get("Overwrite").asBoolean())
        .isTrue();
    JsonNode rm = ok("key/rm?arg=other");
    assertThat(rm.toString()).startsWith("{\"Keys\":[{\"Name\":\"other\",\"Id\":\"k51");
    assertThat(ok("key/ls").get("Keys")).hasSize(1);
  }

  @Test
  void ipnsBaseWritesIdsAsKubosKeyEncoderDoes() throws IOException {
    assertThat(ok("key/ls?ipns-base=b58mh").at("/Keys/0/Id").asText()).isEqualTo(self.toString());
    assertThat(ok("key/ls?ipns-base=base32").at("/Keys/0/Id").asText())
        .isEqualTo(self.toCid().toString(Multibase.BASE32))
        .startsWith("bafzaa");
    assertThat(ok("key/ls?ipns-base=k").at("/Keys/0/Id").asText()).isEqualTo(self.toBase36());
    assertThat(ok("key/gen?arg=a&ipns-base=v0").get("Id").asText()).startsWith("12D3KooW");
    assertThat(error("key/ls?ipns-base=base99", 400)).startsWith("invalid --ipns-base: ");
  }

  @Test
  void generatesRsaAndSecp256k1KeysAsKubo() throws IOException {
    JsonNode rsa = ok("key/gen?arg=r&type=rsa&size=3072");
    assertThat(rsa.get("Id").asText()).startsWith("k2k4r8");
    assertThat(ok("key/gen?arg=r2&type=rsa&ipns-base=b58mh").get("Id").asText()).startsWith("Qm");
    assertThat(ok("key/gen?arg=k&type=secp256k1&size=256&ipns-base=b58mh").get("Id").asText())
        .startsWith("16Uiu2");
    Keystore keystore = Keystore.open(new RepoPaths(dir.resolve("repo")));
    assertThat(keystore.get("r").keyType()).isEqualTo("RSA");
    assertThat(keystore.get("r").peerId().toBase36()).isEqualTo(rsa.get("Id").asText());
    assertThat(keystore.get("k").keyType()).isEqualTo("SECP256K1");
    assertThat(ok("key/ls").get("Keys")).hasSize(4);
  }

  @Test
  void errorsAreKubos() throws IOException {
    assertThat(error("key/gen", 400)).isEqualTo("argument \"name\" is required");
    assertThat(error("key/gen?arg=self", 500)).isEqualTo("cannot create key with name 'self'");
    // Kubo's CheckKeySize, go-libp2p's RSA limits and coreapi's unknown type: plain errors (500).
    assertThat(error("key/gen?arg=r&type=dsa", 500)).isEqualTo("unrecognized key type: dsa");
    assertThat(error("key/gen?arg=r&type=rsa&size=1024", 500))
        .isEqualTo("rsa keys must be >= 2048 bits to be useful");
    assertThat(error("key/gen?arg=r&type=rsa&size=16384", 500))
        .isEqualTo("rsa keys must be <= 8192 bits");
    assertThat(error("key/gen?arg=r&size=2048", 500))
        .isEqualTo("invalid key size 2048: ed25519 keys are always 256 bits");
    assertThat(error("key/gen?arg=r&type=secp256k1&size=512", 500))
        .isEqualTo("invalid key size 512: secp256k1 keys are always 256 bits");
    ok("key/gen?arg=r&size=256");
    assertThat(error("key/gen?arg=r", 500)).isEqualTo("key with name 'r' already exists");
    assertThat(error("key/gen?arg=a%2Fb", 500)).isEqualTo("key names may not contain slashes");
    assertThat(error("key/rm?arg=self", 500)).isEqualTo("cannot remove key with name 'self'");
    assertThat(error("key/rm?arg=nope", 500)).isEqualTo("no key named nope was found");
    assertThat(error("key/rename?arg=self&arg=x", 500))
        .isEqualTo("cannot rename key with name 'self'");
    assertThat(error("key/rename?arg=r&arg=self", 500))
        .isEqualTo("cannot overwrite key with name 'self'");
    ok("key/gen?arg=s");
    assertThat(error("key/rename?arg=r&arg=s", 500))
        .isEqualTo("key by that name already exists, refusing to overwrite");
    assertThat(error("key/rename?arg=r", 400)).isEqualTo("argument \"newName\" is required");
  }

  private RawHttp upload(String target, byte[] file) throws IOException {
    return RawHttp.apiUpload(daemon, target, "key", file);
  }

  @Test
  void importTakesAKeyFileInEitherFormatAndAnswersNameAndId() throws IOException {
    Identity pb = Identity.generate();
    RawHttp r = upload("key/import?arg=pb", KeyFormat.LIBP2P_PROTOBUF.encode(pb));
    assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
    assertThat(r.bodyText().strip())
        .isEqualTo("{\"Name\":\"pb\",\"Id\":\"" + pb.peerId().toBase36() + "\"}");
    Identity pem = Identity.generate();
    r =
        upload(
            "key/import?arg=pem&format=pem-pkcs8-cleartext&ipns-base=b58mh",
            KeyFormat.PEM_PKCS8.encode(pem));
    assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).get("Id").asText()).isEqualTo(pem.peerId().toString());

    Keystore keystore = Keystore.open(new RepoPaths(dir.resolve("repo")));
    assertThat(keystore.get("pb")).isEqualTo(pb);
    assertThat(keystore.get("pem")).isEqualTo(pem);
    assertThat(ok("key/ls").get("Keys")).hasSize(3);
  }

  @Test
  void importErrorsAreKubosAndOtherKeyTypesAreRefusedByType() throws IOException {
    byte[] key = KeyFormat.LIBP2P_PROTOBUF.encode(Identity.generate());
    assertThat(message(upload("key/import?arg=self", key), 500))
        .isEqualTo("cannot import key with name 'self'");
    assertThat(message(upload("key/import?arg=a", key), 200)).isNull();
    assertThat(message(upload("key/import?arg=a", key), 500))
        .isEqualTo("key with name 'a' already exists");
    assertThat(error("key/import?arg=b", 400)).isEqualTo("file argument 'key' is required");
    assertThat(message(upload("key/import?arg=b&format=der", key), 500))
        .startsWith("unrecognized import format: der");
    byte[] ecdsa = KeyProtobuf.encode(KeyProtobuf.ECDSA, new byte[] {1});
    for (String any : List.of("", "&allow-any-key-type=true")) {
      assertThat(message(upload("key/import?arg=b" + any, ecdsa), 500))
          .isEqualTo(
              "key type ECDSA is not allowed to be imported, only RSA, Ed25519, or Secp256k1");
    }
    assertThat(
            message(
                upload("key/import?arg=b", KeyFormat.PEM_PKCS8.encode(Identity.generate())), 500))
        .isEqualTo(
            "unexpected PEM block for format=libp2p-protobuf-cleartext:"
                + " try again with format=pem-pkcs8-cleartext");
    assertThat(message(upload("key/import?arg=b&f=pem-pkcs8-cleartext", key), 500))
        .isEqualTo("PEM block not found in input data");
    assertThat(ok("key/ls").get("Keys")).hasSize(2);
  }

  @Test
  void exportIsNotInTheApiAsKubosIsLocalOnly() throws IOException {
    ok("key/gen?arg=secret");
    RawHttp r = post("key/export?arg=secret");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.bodyText()).doesNotContain("PRIVATE");
  }

  /** The error message of an answer with {@code status}, or null for a success. */
  private static String message(RawHttp r, int status) throws IOException {
    assertThat(r.status()).as(r.bodyText()).isEqualTo(status);
    return status == 200 ? null : JSON.readTree(r.body()).get("Message").asText();
  }

  @Test
  void aBrokenKeyFileIsNamedByKeyLs() throws IOException {
    Keystore keystore = Keystore.open(new RepoPaths(dir.resolve("repo")));
    Files.write(keystore.file("broken"), new byte[] {1, 2, 3});
    assertThat(error("key/ls", 500))
        .startsWith("keystore file " + keystore.file("broken") + " (key 'broken')");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}

package io.cairn.compute.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.compute.JobResult;
import io.cairn.compute.JobStatus;
import io.cairn.compute.NodeKey;
import io.cairn.compute.Receipt;
import io.cairn.compute.ReceiptException;
import io.cairn.compute.Receipts;
import io.cairn.compute.SignedReceipt;
import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multicodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.function.Function;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceiptsTest {
  static KeyPair mlDsa;
  static KeyPair otherMlDsa;

  @TempDir Path dir;

  @BeforeAll
  static void keys() {
    mlDsa = MlDsaKeyStore.generate();
    otherMlDsa = MlDsaKeyStore.generate();
  }

  /** An Ed25519 node key, as the node adapts its identity. */
  record TestNodeKey(Ed25519PrivateKeyParameters key) implements NodeKey {
    static TestNodeKey random() {
      return new TestNodeKey(new Ed25519PrivateKeyParameters(new SecureRandom()));
    }

    @Override
    public byte[] ed25519PublicKey() {
      return key.generatePublicKey().getEncoded();
    }

    @Override
    public byte[] sign(byte[] message) {
      var s = new Ed25519Signer();
      s.init(true, key);
      s.update(message, 0, message.length);
      return s.generateSignature();
    }

    String peerId() {
      return Receipts.peerId(ed25519PublicKey());
    }
  }

  static Cid cid(String s) {
    return Cid.compute(
        1, Multicodec.DAG_CBOR.code(), HashFunction.SHA2_256, s.getBytes(StandardCharsets.UTF_8));
  }

  static Receipt receipt(String peerId) {
    JobResult result =
        new JobResult(
            JobStatus.DONE,
            cid("out"),
            cid("stdout"),
            null,
            99,
            Duration.ofMillis(12),
            OptionalLong.of(65536),
            null,
            null);
    return new Receipt(cid("spec"), result, peerId, Instant.ofEpochMilli(1_750_000_000_123L));
  }

  @Test
  void peerIdOfAnEd25519KeyIsTheLibp2pForm() {
    // libp2p's peer-ids spec: Ed25519 keys inline into an identity multihash, 12D3KooW…
    assertThat(TestNodeKey.random().peerId()).startsWith("12D3KooW").hasSize(52);
  }

  @Test
  void goodReceiptVerifiesAndRoundTrips() {
    var node = TestNodeKey.random();
    SignedReceipt signed = Receipts.sign(receipt(node.peerId()), node, mlDsa);
    assertThatCode(() -> Receipts.verify(signed)).doesNotThrowAnyException();
    SignedReceipt decoded = SignedReceipt.fromDagCbor(signed.toDagCbor());
    assertThat(decoded).isEqualTo(signed);
    assertThatCode(() -> Receipts.verify(decoded)).doesNotThrowAnyException();
    assertThat(decoded.cid()).isEqualTo(signed.cid());
  }

  @Test
  void anyChangedPayloadByteFails() {
    var node = TestNodeKey.random();
    SignedReceipt signed = Receipts.sign(receipt(node.peerId()), node, mlDsa);
    byte[] payload = signed.receipt().toDagCbor();
    byte[] encoded = signed.toDagCbor();
    int at = indexOf(encoded, payload);
    int tried = 0;
    for (int i = 0; i < payload.length; i++) {
      for (int bit : new int[] {0x01, 0x80}) {
        byte[] bad = encoded.clone();
        bad[at + i] ^= (byte) bit;
        SignedReceipt changed;
        try {
          changed = SignedReceipt.fromDagCbor(bad);
        } catch (IllegalArgumentException e) {
          continue; // no longer a receipt at all: refused at decoding
        }
        tried++;
        assertThatThrownBy(() -> Receipts.verify(changed))
            .as("payload byte %d ^ %d", i, bit)
            .isInstanceOf(ReceiptException.class);
      }
    }
    assertThat(tried).isGreaterThan(payload.length / 2);
  }

  @Test
  void anyChangedSignatureByteFails() {
    var node = TestNodeKey.random();
    SignedReceipt s = Receipts.sign(receipt(node.peerId()), node, mlDsa);
    for (int i = 0; i < s.ed25519Signature().length; i++) {
      byte[] sig = flip(s.ed25519Signature(), i);
      var bad =
          new SignedReceipt(s.receipt(), s.ed25519Key(), sig, s.mlDsaKey(), s.mlDsaSignature());
      assertThatThrownBy(() -> Receipts.verify(bad))
          .hasMessage("receipt's Ed25519 signature does not verify");
    }
    int len = s.mlDsaSignature().length;
    for (int i = 0; i < len; i += 37) {
      byte[] sig = flip(s.mlDsaSignature(), i);
      var bad =
          new SignedReceipt(s.receipt(), s.ed25519Key(), s.ed25519Signature(), s.mlDsaKey(), sig);
      assertThatThrownBy(() -> Receipts.verify(bad)).hasMessageContaining("ML-DSA-65 signature");
    }
    byte[] last = flip(s.mlDsaSignature(), len - 1);
    var bad =
        new SignedReceipt(s.receipt(), s.ed25519Key(), s.ed25519Signature(), s.mlDsaKey(), last);
    assertThatThrownBy(() -> Receipts.verify(bad)).isInstanceOf(ReceiptException.class);
  }

  @Test
  void wrongKeysFail() {
    var node = TestNodeKey.random();
    var other = TestNodeKey.random();
    SignedReceipt s = Receipts.sign(receipt(node.peerId()), node, mlDsa);

    Function<byte[], SignedReceipt> withEdKey =
        key ->
            new SignedReceipt(
                s.receipt(), key, s.ed25519Signature(), s.mlDsaKey(), s.mlDsaSignature());
    assertThatThrownBy(() -> Receipts.verify(withEdKey.apply(other.ed25519PublicKey())))
        .hasMessageContaining("but is signed by " + other.peerId());

    // a receipt claiming the other peer, signed by it, but with this node's Ed25519 signature
    SignedReceipt forged =
        new SignedReceipt(
            receipt(other.peerId()),
            other.ed25519PublicKey(),
            s.ed25519Signature(),
            s.mlDsaKey(),
            s.mlDsaSignature());
    assertThatThrownBy(() -> Receipts.verify(forged)).isInstanceOf(ReceiptException.class);

    var otherPq =
        new SignedReceipt(
            s.receipt(),
            s.ed25519Key(),
            s.ed25519Signature(),
            otherMlDsa.getPublic().getEncoded(),
            s.mlDsaSignature());
    // the Ed25519 signature covers the ML-DSA key, so another key fails it first
    assertThatThrownBy(() -> Receipts.verify(otherPq))
        .hasMessage("receipt's Ed25519 signature does not verify");

    assertThatThrownBy(() -> Receipts.sign(receipt(other.peerId()), node, mlDsa))
        .hasMessageContaining("but the node key is " + node.peerId());
  }

  @Test
  void anMlDsaKeyAndSignatureReplacedByAnothersFail() throws Exception {
    // Whoever holds a receipt could sign its message with an ML-DSA key of their own: the Ed25519
    // signature must cover which ML-DSA key the receipt carries.
    var node = TestNodeKey.random();
    SignedReceipt s = Receipts.sign(receipt(node.peerId()), node, mlDsa);
    byte[] theirKey = otherMlDsa.getPublic().getEncoded();
    Signature theirs = Signature.getInstance(MlDsaKeyStore.ALGORITHM, MlDsaKeyStore.PROVIDER);
    theirs.initSign(otherMlDsa.getPrivate());
    theirs.update(Receipts.signedMessage(s.receipt(), theirKey));
    var swapped =
        new SignedReceipt(
            s.receipt(), s.ed25519Key(), s.ed25519Signature(), theirKey, theirs.sign());

    assertThatThrownBy(() -> Receipts.verify(swapped))
        .hasMessage("receipt's Ed25519 signature does not verify");
  }

  @Test
  void aVersion1ReceiptIsRefusedNamingWhy() {
    var node = TestNodeKey.random();
    byte[] encoded = Receipts.sign(receipt(node.peerId()), node, mlDsa).toDagCbor();
    // "version" then the unsigned integer 2, made 1
    byte[] version = "version".getBytes(StandardCharsets.US_ASCII);
    int at = indexOf(encoded, version) + version.length;
    assertThat(encoded[at]).isEqualTo((byte) 0x02);
    encoded[at] = 0x01;

    assertThatThrownBy(() -> SignedReceipt.fromDagCbor(encoded))
        .hasMessageContaining(
            "is 1, whose signatures do not bind the ML-DSA-65 key to the node key");
  }

  @Test
  void keyStoreWritesOwnerOnlyAndReadsBack() throws Exception {
    Path file = dir.resolve("mldsa65.key");
    KeyPair created = MlDsaKeyStore.loadOrCreate(file);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    KeyPair read = MlDsaKeyStore.loadOrCreate(file);
    assertThat(read.getPublic().getEncoded()).isEqualTo(created.getPublic().getEncoded());
    assertThat(read.getPrivate().getEncoded()).isEqualTo(created.getPrivate().getEncoded());

    var node = TestNodeKey.random();
    SignedReceipt signed = Receipts.sign(receipt(node.peerId()), node, read);
    assertThat(signed.mlDsaKey()).isEqualTo(created.getPublic().getEncoded());
    assertThatCode(() -> Receipts.verify(signed)).doesNotThrowAnyException();

    assertThatThrownBy(() -> MlDsaKeyStore.write(created, file))
        .hasMessageContaining("already exists");
    // written through a temporary file linked to its name: none is left beside it
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("mldsa65.key");
    }
    Files.write(file, new byte[] {0, 0, 0, 9, 1, 2});
    assertThatThrownBy(() -> MlDsaKeyStore.read(file)).hasMessageContaining("is damaged");
  }

  private static byte[] flip(byte[] b, int i) {
    byte[] out = b.clone();
    out[i] ^= 1;
    return out;
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("payload not found in the encoding");
  }
}

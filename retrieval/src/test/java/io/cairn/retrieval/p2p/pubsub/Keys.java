package io.cairn.retrieval.p2p.pubsub;

import io.cairn.retrieval.ipns.Signer;
import io.cairn.retrieval.p2p.testing.TestHosts;
import io.cairn.storage.PeerId;
import io.cairn.storage.codec.KeyProtobuf;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** Ed25519 signers of the test hosts' seeds, so a signer's peer ID is that host's. */
final class Keys {
  private Keys() {}

  static Signer signer(int host) {
    Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(TestHosts.seed(host), 0);
    byte[] publicKey =
        KeyProtobuf.encode(KeyProtobuf.ED25519, key.generatePublicKey().getEncoded());
    return new Signer() {
      @Override
      public byte[] publicKeyProtobuf() {
        return publicKey.clone();
      }

      @Override
      public byte[] sign(byte[] message) {
        Ed25519Signer s = new Ed25519Signer();
        s.init(true, key);
        s.update(message, 0, message.length);
        return s.generateSignature();
      }
    };
  }

  static PeerId peer(int host) {
    return PeerId.fromPublicKey(signer(host).publicKeyProtobuf());
  }
}

package io.cairn.retrieval.p2p.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.retrieval.p2p.testing.TestHosts;
import io.cairn.storage.PeerId;
import java.io.ByteArrayInputStream;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The certificates of libp2p's TLS handshake: the test vectors of libp2p/specs {@code tls/tls.md},
 * Cairn's own certificates, and each way a peer's certificate can be wrong.
 */
class TlsCertificateTest {
  private static final String ED25519 =
      "308201ae30820156a0030201020204499602d2300a06082a8648ce3d040302302031123010060355040a13096c69627032702e696f310a300806035504051301313020170d3735303130313133303030305a180f34303936303130313133303030305a302031123010060355040a13096c69627032702e696f310a300806035504051301313059301306072a8648ce3d020106082a8648ce3d030107034200040c901d423c831ca85e27c73c263ba132721bb9d7a84c4f0380b2a6756fd601331c8870234dec878504c174144fa4b14b66a651691606d8173e55bd37e381569ea37c307a3078060a2b0601040183a25a0101046a3068042408011220a77f1d92fedb59dddaea5a1c4abd1ac2fbde7d7b879ed364501809923d7c11b90440d90d2769db992d5e6195dbb08e706b6651e024fda6cfb8846694a435519941cac215a8207792e42849cccc6cd8136c6e4bde92a58c5e08cfd4206eb5fe0bf909300a06082a8648ce3d0403020346003043021f50f6b6c52711a881778718238f650c9fb48943ae6ee6d28427dc6071ae55e702203625f116a7a454db9c56986c82a25682f7248ea1cb764d322ea983ed36a31b77";
  private static final String ECDSA =
      "308201f63082019da0030201020204499602d2300a06082a8648ce3d040302302031123010060355040a13096c69627032702e696f310a300806035504051301313020170d3735303130313133303030305a180f34303936303130313133303030305a302031123010060355040a13096c69627032702e696f310a300806035504051301313059301306072a8648ce3d020106082a8648ce3d030107034200040c901d423c831ca85e27c73c263ba132721bb9d7a84c4f0380b2a6756fd601331c8870234dec878504c174144fa4b14b66a651691606d8173e55bd37e381569ea381c23081bf3081bc060a2b0601040183a25a01010481ad3081aa045f0803125b3059301306072a8648ce3d020106082a8648ce3d03010703420004bf30511f909414ebdd3242178fd290f093a551cf75c973155de0bb5a96fedf6cb5d52da7563e794b512f66e60c7f55ba8a3acf3dd72a801980d205e8a1ad29f2044730450220064ea8124774caf8f50e57f436aa62350ce652418c019df5d98a3ac666c9386a022100aa59d704a931b5f72fb9222cb6cc51f954d04a4e2e5450f8805fe8918f71eaae300a06082a8648ce3d04030203470030440220799395b0b6c1e940a7e4484705f610ab51ed376f19ff9d7c16757cfbf61b8d4302206205c03fbb0f95205c779be86581d3e31c01871ad5d1f3435bcf375cb0e5088a";
  private static final String SECP256K1 =
      "308201ba3082015fa0030201020204499602d2300a06082a8648ce3d040302302031123010060355040a13096c69627032702e696f310a300806035504051301313020170d3735303130313133303030305a180f34303936303130313133303030305a302031123010060355040a13096c69627032702e696f310a300806035504051301313059301306072a8648ce3d020106082a8648ce3d030107034200040c901d423c831ca85e27c73c263ba132721bb9d7a84c4f0380b2a6756fd601331c8870234dec878504c174144fa4b14b66a651691606d8173e55bd37e381569ea38184308181307f060a2b0601040183a25a01010471306f0425080212210206dc6968726765b820f050263ececf7f71e4955892776c0970542efd689d2382044630440220145e15a991961f0d08cd15425bb95ec93f6ffa03c5a385eedc34ecf464c7a8ab022026b3109b8a3f40ef833169777eb2aa337cfb6282f188de0666d1bcec2a4690dd300a06082a8648ce3d0403020349003046022100e1a217eeef9ec9204b3f774a08b70849646b6a1e6b8b27f93dc00ed58545d9fe022100b00dafa549d0f03547878338c7b15e7502888f6d45db387e5ae6b5d46899cef0";

  /** Claims the ECDSA peer of vector 2 with a signature by another key. */
  private static final String INVALID =
      "308201f73082019da0030201020204499602d2300a06082a8648ce3d040302302031123010060355040a13096c69627032702e696f310a300806035504051301313020170d3735303130313133303030305a180f34303936303130313133303030305a302031123010060355040a13096c69627032702e696f310a300806035504051301313059301306072a8648ce3d020106082a8648ce3d030107034200040c901d423c831ca85e27c73c263ba132721bb9d7a84c4f0380b2a6756fd601331c8870234dec878504c174144fa4b14b66a651691606d8173e55bd37e381569ea381c23081bf3081bc060a2b0601040183a25a01010481ad3081aa045f0803125b3059301306072a8648ce3d020106082a8648ce3d03010703420004bf30511f909414ebdd3242178fd290f093a551cf75c973155de0bb5a96fedf6cb5d52da7563e794b512f66e60c7f55ba8a3acf3dd72a801980d205e8a1ad29f204473045022100bb6e03577b7cc7a3cd1558df0da2b117dfdcc0399bc2504ebe7de6f65cade72802206de96e2a5be9b6202adba24ee0362e490641ac45c240db71fe955f2c5cf8df6e300a06082a8648ce3d0403020348003045022100e847f267f43717358f850355bdcabbefb2cfbf8a3c043b203a14788a092fe8db022027c1d04a2d41fd6b57a7e8b3989e470325de4406e52e084e34a3fd56eef0d0df";

  /**
   * A certificate made by js-libp2p ({@code @libp2p/tls} 3.1.10, valid from 2026-12-06 for 100
   * years) for peer {@link #JS_PEER}: empty issuer and subject names, the libp2p extension marked
   * critical.
   */
  private static final String JS_LIBP2P =
      "308201773082011da00302010202080509171722366657300a06082a8648ce3d04030230003020170d3236313230363132343731395a180f32313236313131323133343731395a30003059301306072a8648ce3d020106082a8648ce3d0301070342000455480f1d1fb7916b0cb2ae616f798b4c6b0f180f22d8079c26c4a77910bdf5fd7c8157b675caaa61908b003cd49c771bcfa006591bcd7debd7fdca1c447fd6cea37f307d307b060a2b0601040183a25a01010101ff046a30680424080112203fc52b0c57b1c9f4f264bce259e386232691a6b9f9abb41dd97c6686ede058b404408fe311eb7d449ad698fd586fd1b7644a0da6789e483bd0c7eb4f233a4f6662194cd591e6493252d401f4aeee45201a5cbb9012f63243ad4bf31605edc9763d00300a06082a8648ce3d0403020348003045022100d812e6f105fe51b08b33b53685811e2c49e149bddbc70a27be743e7f45a8c57e02202b510e3c6deaff048140475e945550fab1b953fe8ad09479ae53a1f5771519e3";

  private static final String JS_PEER = "12D3KooWE7JEJwQSREygBMH3uYs2HQouSmGrc1EtM8GotKqzoZBq";

  private static Certificate[] chain(String hex) throws CertificateException {
    return new Certificate[] {TlsCertificate.parse(HexFormat.of().parseHex(hex))};
  }

  @ParameterizedTest
  @CsvSource({
    "ED25519, 12D3KooWM6CgA9iBFZmcYAHA6A2qvbAxqfkmrYiRQuz3XEsk4Ksv",
    "ECDSA, QmfXbAwNjJLXfesgztEHe8HwgVDCMMpZ9Eax1HYq6hn9uE",
    "SECP256K1, 16Uiu2HAkutTMoTzDw1tCvSRtu6YoixJwS46S1ZFxW8hSx9fWHiPs"
  })
  void specVectorsAuthenticateTheirPeers(String vector, String peer) throws Exception {
    String hex =
        switch (vector) {
          case "ED25519" -> ED25519;
          case "ECDSA" -> ECDSA;
          default -> SECP256K1;
        };
    assertThat(TlsCertificate.verify(chain(hex), Instant.now())).isEqualTo(PeerId.parse(peer));
  }

  /**
   * The JDK's certificate factory refuses js-libp2p's empty issuer name; once a TLS host has
   * installed {@link Libp2pCertificateFactory}, the JVM's factory reads it, and only it: a
   * certificate without the libp2p extension gets the JDK's refusal as before.
   */
  @Test
  void jsLibp2pCertificatesAreReadOnceTheFactoryIsInstalled() throws Exception {
    byte[] der = HexFormat.of().parseHex(JS_LIBP2P);
    assertThatThrownBy(
            () ->
                CertificateFactory.getInstance("X.509", "SUN")
                    .generateCertificate(new ByteArrayInputStream(der)))
        .hasMessageContaining("Empty issuer DN");
    Libp2pCertificateFactory.install();
    Certificate js =
        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    assertThat(((X509Certificate) js).getCriticalExtensionOIDs())
        .contains(TlsCertificate.EXTENSION_OID);
    assertThat(TlsCertificate.verify(new Certificate[] {js}, Instant.now()))
        .isEqualTo(PeerId.parse(JS_PEER));
    // the same certificate without its extensions' bytes is not a libp2p certificate: refused
    byte[] broken = der.clone();
    int at = JS_LIBP2P.indexOf("2b0601040183a25a0101") / 2; // the extension's OID
    broken[at + 9] ^= 0x7f;
    assertThatThrownBy(
            () ->
                CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(broken)))
        .hasMessageContaining("Empty issuer DN");
    // other certificates are the JDK's own objects
    Certificate own = TlsCertificate.create(HostKey.fromSeed(TestHosts.seed(3))).certificate();
    assertThat(
            CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(own.getEncoded()))
                .getClass()
                .getName())
        .isEqualTo("sun.security.x509.X509CertImpl");
  }

  @Test
  void specVectorWithAForeignSignatureIsRefused() {
    assertThatThrownBy(() -> TlsCertificate.verify(chain(INVALID), Instant.now()))
        .isInstanceOf(CertificateException.class)
        .hasMessageContaining("signature does not verify with the key of");
  }

  @Test
  void ownCertificateAuthenticatesTheHostAndIsSelfSignedEcdsa() throws Exception {
    HostKey host = HostKey.fromSeed(TestHosts.seed(3));
    TlsCertificate own = TlsCertificate.create(host);
    X509Certificate cert = own.certificate();
    assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(cert.getNonCriticalExtensionOIDs()).contains(TlsCertificate.EXTENSION_OID);
    assertThat(cert.getNotBefore().toInstant()).isBefore(Instant.now());
    assertThat(TlsCertificate.verify(new Certificate[] {cert}, Instant.now()))
        .isEqualTo(host.peerId());
    // a new key per certificate: the certificate's key is not the host's
    assertThat(TlsCertificate.create(host).certificate().getPublicKey())
        .isNotEqualTo(cert.getPublicKey());
  }

  @Test
  void certificateOfAnImpostorIsRefused() throws Exception {
    HostKey impostor = HostKey.impostor(TestHosts.seed(7), TestHosts.seed(1));
    Certificate[] chain = {TlsCertificate.create(impostor).certificate()};
    assertThatThrownBy(() -> TlsCertificate.verify(chain, Instant.now()))
        .hasMessageContaining(
            "does not verify with the key of " + HostKey.fromSeed(TestHosts.seed(1)).peerId());
  }

  @Test
  void expiredAndNotYetValidCertificatesAreRefused() throws Exception {
    HostKey host = HostKey.fromSeed(TestHosts.seed(3));
    Instant now = Instant.now();
    Certificate[] expired = {
      TlsCertificate.create(
              host, now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)), true, null)
          .certificate()
    };
    Certificate[] early = {
      TlsCertificate.create(
              host, now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(2)), true, null)
          .certificate()
    };
    assertThatThrownBy(() -> TlsCertificate.verify(expired, now))
        .isInstanceOf(java.security.cert.CertificateExpiredException.class);
    assertThatThrownBy(() -> TlsCertificate.verify(early, now))
        .isInstanceOf(java.security.cert.CertificateNotYetValidException.class);
  }

  @Test
  void certificateWithoutTheLibp2pExtensionIsRefused() throws Exception {
    HostKey host = HostKey.fromSeed(TestHosts.seed(3));
    Instant now = Instant.now();
    Certificate[] plain = {
      TlsCertificate.create(host, now.minusSeconds(60), now.plusSeconds(60), false, null)
          .certificate()
    };
    assertThatThrownBy(() -> TlsCertificate.verify(plain, now))
        .hasMessageContaining("lacks the libp2p public key extension 1.3.6.1.4.1.53594.1.1");
  }

  @Test
  void unknownCriticalExtensionIsRefusedAndUsualOnesAreNot() throws Exception {
    HostKey host = HostKey.fromSeed(TestHosts.seed(3));
    Instant now = Instant.now();
    Certificate[] unknown = {
      TlsCertificate.create(host, now.minusSeconds(60), now.plusSeconds(60), true, "1.2.3.4.5")
          .certificate()
    };
    assertThatThrownBy(() -> TlsCertificate.verify(unknown, now))
        .hasMessageContaining("critical extension 1.2.3.4.5");
    // basic constraints, marked critical as certificate authorities' are
    Certificate[] usual = {
      TlsCertificate.create(host, now.minusSeconds(60), now.plusSeconds(60), true, "2.5.29.19")
          .certificate()
    };
    assertThat(TlsCertificate.verify(usual, now)).isEqualTo(host.peerId());
  }

  @Test
  void chainsOfOtherLengthsAreRefused() throws Exception {
    X509Certificate one = TlsCertificate.create(HostKey.fromSeed(TestHosts.seed(3))).certificate();
    assertThatThrownBy(() -> TlsCertificate.verify(new Certificate[] {one, one}, Instant.now()))
        .hasMessageContaining("sent 2 certificates; libp2p's TLS allows exactly one");
    assertThatThrownBy(() -> TlsCertificate.verify(new Certificate[0], Instant.now()))
        .hasMessageContaining("sent no certificate");
  }

  @Test
  void certificateWithABrokenSelfSignatureIsRefused() throws Exception {
    byte[] der =
        TlsCertificate.create(HostKey.fromSeed(TestHosts.seed(3))).certificate().getEncoded();
    der[der.length - 5] ^= 0x01; // inside the signature's BIT STRING
    Certificate[] chain = {TlsCertificate.parse(der)};
    assertThatThrownBy(() -> TlsCertificate.verify(chain, Instant.now()))
        .hasMessageContaining("not validly self-signed");
  }
}

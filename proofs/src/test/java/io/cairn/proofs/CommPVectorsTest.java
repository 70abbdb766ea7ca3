package io.cairn.proofs;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.proofs.hash.ZeroRoots;
import io.cairn.storage.Cid;
import io.cairn.storage.Multibase;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Published vectors: FRC-0069's test cases, go-fil-commp-hashhash's testdata (computed by Lotus'
 * ClientCalcCommP) for payloads of zeros and of 0xCC bytes, and PDP's table of zero-tree roots.
 */
class CommPVectorsTest {
  private static byte[] quads(int... values) {
    byte[] out = new byte[127 * values.length];
    for (int i = 0; i < values.length; i++) {
      Arrays.fill(out, 127 * i, 127 * (i + 1), (byte) values[i]);
    }
    return out;
  }

  private static byte[] filled(int size, int value) {
    byte[] out = new byte[size];
    Arrays.fill(out, (byte) value);
    return out;
  }

  @Test
  void frc0069FourQuads() {
    PieceCid piece = CommP.of(quads(0, 1, 2, 3));
    assertThat(piece.v1().toString())
        .isEqualTo("baga6ea4seaqes3nobte6ezpp4wqan2age2s5yxcatzotcvobhgcmv5wi2xh5mbi");
    assertThat(piece.toString())
        .isEqualTo("bafkzcibcaaces3nobte6ezpp4wqan2age2s5yxcatzotcvobhgcmv5wi2xh5mbi");
    assertThat(piece.v2().toString(Multibase.BASE16))
        .isEqualTo(
            "f01559120220004496dae0cc9e265efe5a006e80626a5dc5c409e5d3155c13984caf6c8d5cfd605");
    assertThat(piece.padding()).isZero();
    assertThat(piece.height()).isEqualTo(4);
    assertThat(piece.paddedSize()).isEqualTo(512);
  }

  @Test
  void frc0069EmptyPayloadIsPaddedToOneQuad() {
    PieceCid piece = CommP.of(new byte[0]);
    assertThat(piece.toString())
        .isEqualTo("bafkzcibcp4bdomn3tgwgrh3g532zopskstnbrd2n3sxfqbze7rxt7vqn7veigmy");
    assertThat(piece.padding()).isEqualTo(127);
    assertThat(piece.height()).isEqualTo(2);
  }

  @Test
  void frc0069ZeroQuadAndOneMoreByte() {
    PieceCid q = CommP.of(new byte[127]);
    assertThat(q.toString())
        .isEqualTo("bafkzcibcaabdomn3tgwgrh3g532zopskstnbrd2n3sxfqbze7rxt7vqn7veigmy");
    assertThat(q.padding()).isZero();
    PieceCid q1 = CommP.of(new byte[128]);
    assertThat(q1.toString())
        .isEqualTo("bafkzcibcpybwiktap34inmaex4wbs6cghlq5i2j2yd2bb2zndn5ep7ralzphkdy");
    assertThat(q1.padding()).isEqualTo(126);
    assertThat(q1.height()).isEqualTo(3);
  }

  @Test
  void frc0069PaddingChangesV2ButNotV1() {
    byte[] eight = Arrays.copyOf(quads(0, 1, 2, 3), 127 * 8);
    PieceCid full = CommP.of(eight);
    assertThat(full.v1().toString())
        .isEqualTo("baga6ea4seaqn42av3szurbbscwuu3zjssvfwbpsvbjf6y3tukvlgl2nf5rha6pa");
    assertThat(full.toString())
        .isEqualTo("bafkzcibcaac542av3szurbbscwuu3zjssvfwbpsvbjf6y3tukvlgl2nf5rha6pa");
    PieceCid padded = CommP.of(Arrays.copyOf(quads(0, 1, 2, 3), 128 * 4));
    assertThat(padded.v1()).isEqualTo(full.v1());
    assertThat(padded.padding()).isEqualTo(504);
    assertThat(padded.toString())
        .isEqualTo("bafkzcibd7abqlxticxolgseegik2stpfgkkuwyf6kufex3doorkvmzpjuxwe4dz4");
    PieceCid oneMore = CommP.of(Arrays.copyOf(quads(0, 1, 2, 3), 128 * 4 + 1));
    assertThat(oneMore.padding()).isEqualTo(503);
    assertThat(oneMore.toString())
        .isEqualTo("bafkzcibd64bqlxticxolgseegik2stpfgkkuwyf6kufex3doorkvmzpjuxwe4dz4");
  }

  @Test
  void frc0069EmptyLargePiecesConvertBetweenV1AndV2() {
    PieceCid empty32 =
        PieceCid.fromV1(
            Cid.parse("baga6ea4seaqao7s73y24kcutaosvacpdjgfe5pw76ooefnyqw4ynr3d2y6x2mpq"),
            32L << 30);
    assertThat(empty32.toString())
        .isEqualTo("bafkzcibcaapao7s73y24kcutaosvacpdjgfe5pw76ooefnyqw4ynr3d2y6x2mpq");
    assertThat(empty32.root()).isEqualTo(ZeroRoots.of(30));
    PieceCid empty64 =
        PieceCid.fromV1(
            Cid.parse("baga6ea4seaqomqafu276g53zko4k23xzh4h4uecjwicbmvhsuqi7o4bhthhm4aq"),
            64L << 30);
    assertThat(empty64.toString())
        .isEqualTo("bafkzcibcaap6mqafu276g53zko4k23xzh4h4uecjwicbmvhsuqi7o4bhthhm4aq");
    assertThat(empty64.root()).isEqualTo(ZeroRoots.of(31));
    assertThat(PieceCid.parse(empty64.toString())).isEqualTo(empty64);
  }

  @Test
  void commPOf2032ZeroBytes() {
    assertThat(HexFormat.of().formatHex(CommP.of(new byte[2032]).root()))
        .isEqualTo("fc7e928296e516faade986b28f92d44a4f24b935485223376a799027bc18f833");
  }

  @Test
  void zeroRootsMatchPdpTable() {
    // PDP's MerkleVerify.zeroRoot table (FilOzone/pdp src/Proofs.sol), a few of its 51 entries.
    String[] expected = {
      "0000000000000000000000000000000000000000000000000000000000000000",
      "f5a5fd42d16a20302798ef6ed309979b43003d2320d9f0e8ea9831a92759fb0b",
      "3731bb99ac689f66eef5973e4a94da188f4ddcae580724fc6f3fd60dfd488333",
    };
    for (int i = 0; i < expected.length; i++) {
      assertThat(HexFormat.of().formatHex(ZeroRoots.of(i))).isEqualTo(expected[i]);
    }
    assertThat(HexFormat.of().formatHex(ZeroRoots.of(10)))
        .isEqualTo("2c1a964bb90b59ebfe0f6da29ad65ae3e417724a8f7c11745a40cac1e5e74011");
    assertThat(HexFormat.of().formatHex(ZeroRoots.of(50)))
        .isEqualTo("0b5b44ccf91ff135af58d2cf694b2ac99f22f5264863d6b9272b6155956aa10e");
  }

  /** go-fil-commp-hashhash testdata/zero.txt: payload size, padded size, v1 piece CID. */
  @ParameterizedTest
  @CsvSource({
    "96,128,baga6ea4seaqdomn3tgwgrh3g532zopskstnbrd2n3sxfqbze7rxt7vqn7veigmy",
    "126,128,baga6ea4seaqdomn3tgwgrh3g532zopskstnbrd2n3sxfqbze7rxt7vqn7veigmy",
    "127,128,baga6ea4seaqdomn3tgwgrh3g532zopskstnbrd2n3sxfqbze7rxt7vqn7veigmy",
    "192,256,baga6ea4seaqgiktap34inmaex4wbs6cghlq5i2j2yd2bb2zndn5ep7ralzphkdy",
    "253,256,baga6ea4seaqgiktap34inmaex4wbs6cghlq5i2j2yd2bb2zndn5ep7ralzphkdy",
    "254,256,baga6ea4seaqgiktap34inmaex4wbs6cghlq5i2j2yd2bb2zndn5ep7ralzphkdy",
    "255,512,baga6ea4seaqfpirydiugkk7up5v666wkm6n6jlw6lby2wxht5mwaqekerdfykjq",
    "256,512,baga6ea4seaqfpirydiugkk7up5v666wkm6n6jlw6lby2wxht5mwaqekerdfykjq",
    "384,512,baga6ea4seaqfpirydiugkk7up5v666wkm6n6jlw6lby2wxht5mwaqekerdfykjq",
    "507,512,baga6ea4seaqfpirydiugkk7up5v666wkm6n6jlw6lby2wxht5mwaqekerdfykjq",
    "508,512,baga6ea4seaqfpirydiugkk7up5v666wkm6n6jlw6lby2wxht5mwaqekerdfykjq",
    "509,1024,baga6ea4seaqb66wjlfkrbye6uqoemcyxmqylwmrm235uclwfpsyx3ge2imidoly",
    "512,1024,baga6ea4seaqb66wjlfkrbye6uqoemcyxmqylwmrm235uclwfpsyx3ge2imidoly",
    "768,1024,baga6ea4seaqb66wjlfkrbye6uqoemcyxmqylwmrm235uclwfpsyx3ge2imidoly",
    "1015,1024,baga6ea4seaqb66wjlfkrbye6uqoemcyxmqylwmrm235uclwfpsyx3ge2imidoly",
    "1016,1024,baga6ea4seaqb66wjlfkrbye6uqoemcyxmqylwmrm235uclwfpsyx3ge2imidoly",
    "1017,2048,baga6ea4seaqpy7usqklokfx2vxuynmupslkeutzexe2uqurdg5vhtebhxqmpqmy",
    "1024,2048,baga6ea4seaqpy7usqklokfx2vxuynmupslkeutzexe2uqurdg5vhtebhxqmpqmy",
  })
  void lotusZeroPayloads(int size, long padded, String v1) {
    PieceCid piece = CommP.of(new byte[size]);
    assertThat(piece.v1().toString()).isEqualTo(v1);
    assertThat(piece.paddedSize()).isEqualTo(padded);
  }

  /** go-fil-commp-hashhash testdata/0xCC.txt: payloads of 0xCC bytes. */
  @ParameterizedTest
  @CsvSource({
    "96,128,baga6ea4seaqhwcjhi4krhl3ht6dewnwevkpxbepxy7p7onwgz65t52typbsysby",
    "126,128,baga6ea4seaqapbh46gdnszvb7fcinevsy5bzg3b4higkh7groptswf6zas6jamy",
    "127,128,baga6ea4seaqmfldjtozgne6adk7eve2vdxte7vzlivae7nzsbrawobo546zkijq",
    "192,256,baga6ea4seaqkx7m2s6r4zahtlbwrs5ryvemkclwfp7nijopdd5swpdnxzjf7wkq",
    "253,256,baga6ea4seaql6ldbyafhiecr36xba5tufreyo4km2ts3lfknhl2zogp3aztxijy",
    "254,256,baga6ea4seaqkixbzz75uys2pcjbrbdilgjhmum72qm4xphrwav2iyel5oat4aka",
    "255,512,baga6ea4seaqg7celu5y2iwbi2ra5koygvotxtzr5lj6vzvxi6gfub6mpa6niwpi",
    "256,512,baga6ea4seaqi7c3dnwkqysqh4lpkz5jaxz2d2f5bvo3ttu2hnfmdewhcoji56na",
    "384,512,baga6ea4seaqhexlmnzbarsbdbdahs7e36dkq5vkdwsrttehoakrif5wiqme36lq",
    "507,512,baga6ea4seaqenvh5mcy5cjqwsbubbpczprkk2onwvfjd2743zkqh6ofuzkatwey",
    "508,512,baga6ea4seaqb6ckbupixkhwp7thgb52f4en222boppajkqk7gaomkpof3lh4cei",
    "509,1024,baga6ea4seaqdzbeaexq6gpbqh2tlnbz5mm5neap2kejsketkogzd6x2dx7dzkii",
    "512,1024,baga6ea4seaqojaa522sjqms2wipasjbxnjgytunsgp52tgrfcofj73f7q7ou6hy",
    "768,1024,baga6ea4seaqb6xvxaybzp6vslujjiwvgt23ckrwt7y53eddy5qmc6csnc37lwpi",
    "1015,1024,baga6ea4seaqmgiyjcutwgo6glks2mogixs6mb4sbehto6uzienucfx23wbtkica",
    "1016,1024,baga6ea4seaqjxgfdkdu37aryhg7bqqiwizj5f6ugasftgeocabwnj4cxkgisaoq",
    "1017,2048,baga6ea4seaqf3n5ob5qonkwnxfcbjzftsagbnrjfzualqvzhcylz46b7sgz6wmi",
    "1024,2048,baga6ea4seaqdlpnhgsndrgjeu4p46hahlsr4lybg6du4d56ooppdpxhcofxeuoi",
  })
  void lotus0xCcPayloads(int size, long padded, String v1) {
    PieceCid piece = CommP.of(filled(size, 0xCC));
    assertThat(piece.v1().toString()).isEqualTo(v1);
    assertThat(piece.paddedSize()).isEqualTo(padded);
  }
}

package io.cairn.storage.unixfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.BlockStores;
import io.cairn.storage.HashFunction;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * CIDs that Kubo's own test suites assert, imported here from the same inputs. Each group names the
 * Kubo test it comes from; the reference tests against the JS importer are in {@code
 * ImporterParityIT}.
 */
class KuboVectorsTest {
  private static final ImportOptions V0 = ImportOptions.profile(Profile.UNIXFS_V0_2015);
  private static final ImportOptions V1 = ImportOptions.profile(Profile.UNIXFS_V1_2025);

  // kubo test/cli/add_test.go (TestAdd) and test/cli/cid_profiles_test.go: "hello world"
  @Test
  void helloWorldWithoutNewlineInEveryCidFlavour() {
    assertThat(file(ImportOptions.defaults(), "hello world"))
        .isEqualTo("Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD");
    assertThat(file(V0, "hello world")).isEqualTo("Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD");
    assertThat(file(V1, "hello world"))
        .isEqualTo("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e");
    assertThat(file(ImportOptions.defaults().withCidVersion(1), "hello world"))
        .isEqualTo("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e");
    assertThat(file(ImportOptions.defaults().withCidVersion(1).withRawLeaves(false), "hello world"))
        .isEqualTo("bafybeihykld7uyxzogax6vgyvag42y7464eywpf55gxi5qpoisibh3c5wa");
    // Import.HashFunction=sha2-512 with the CID version unset: CIDv1 and a raw leaf.
    assertThat(file(ImportOptions.defaults().withHash(HashFunction.SHA2_512), "hello world"))
        .isEqualTo(
            "bafkrgqbqt3gerhas23vuzrapkdeqf4vu2dwxp3srdj6hvg6nhsug2tgyn6mj3u23yx7utftq3i2ckw2fwdh5qmhid5qf3t35yvkc5e5ottlw6");
  }

  // kubo test/sharness/t0040-add-and-cat.sh
  @Test
  void smallFilesOfTheAddAndCatSuite() {
    String hello = "Hello Worlds!\n";
    String expected = "QmVr26fY1tKyspEJBniVhqxQeEjhF78XerGiqWAwraVLQH";
    ImportOptions d = ImportOptions.defaults();
    assertThat(file(d, hello)).isEqualTo(expected);
    assertThat(file(d.withChunker("rabin"), hello)).isEqualTo(expected);
    assertThat(file(d.withChunker("size-64"), hello)).isEqualTo(expected);
    assertThat(file(d.withChunker("rabin-36-512-1024"), hello)).isEqualTo(expected);
    assertThat(file(d.withChunker("buzhash"), hello)).isEqualTo(expected);
    // ipfs add -t: the trickle root is a file node even over a single leaf
    assertThat(file(d.withLayout(ImportOptions.Layout.TRICKLE), hello))
        .isEqualTo("QmUkUQgxXeggyaD5Ckv8ZqfW8wHBX6cYyeiyqvVZYzq5Bi");
    assertThat(file(d, "")).isEqualTo("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH");
    assertThat(file(d, "IPFS\n")).isEqualTo("QmdFyxZXsFiP4csgfM5uPu99AvFiKH62CSPDw5TP92nr7w");
    assertThat(file(d, "Hello Venus!\n"))
        .isEqualTo("QmU5kp3BH3B8tnWUU2Pikdb2maksBNkb92FHRr56hyghh4");
    assertThat(file(d, "Hello Jupiter!\n"))
        .isEqualTo("QmUnvPcBctVTAcJpigv6KMqDvmDewksPWrNVoy1E1WP5fh");
  }

  // kubo test/sharness/t0040-add-and-cat.sh: stdin without a name is reported by its CID
  @Test
  void stdinWithoutNameIsReportedByItsCid() {
    UnixFsImporter importer = new UnixFsImporter(BlockStores.memory(), ImportOptions.defaults());
    AddedEntry added =
        importer.importStream(
            "",
            new ByteArrayInputStream(utf8("Hello Neptune!\nHello Pluton!")),
            ImportListener.NONE);
    assertThat(added.cid()).hasToString("QmZDhWpi8NvKrekaYYhxKCdNVGWsFFe1CREnAjP1QbPaB3");
    assertThat(added.path()).isEqualTo("QmZDhWpi8NvKrekaYYhxKCdNVGWsFFe1CREnAjP1QbPaB3");
  }

  // kubo test/sharness/t0040-add-and-cat.sh: add_directory with each set of flags
  @Test
  void planetsDirectoryInEveryFlavour() {
    assertPlanets(
        ImportOptions.defaults(),
        "QmWSgS32xQEcXMeqd3YPJLrNBLSdsfYCep2U7CFkyrjXwY",
        "QmPrrHqJzto9m7SyiRzarwkqPcCSsKR2EB1AyqJfe8L8tN",
        "QmU5kp3BH3B8tnWUU2Pikdb2maksBNkb92FHRr56hyghh4");
    assertPlanets(
        ImportOptions.defaults().withRawLeaves(true),
        "QmfWfQfKCY5Ukv9peBbxM5vqWM9BzmqUSXvdCgjT2wsiBT",
        "bafkreibmlvvgdyihetgocpof6xk64kjjzdeq2e4c7hqs3krdheosk4tgj4",
        "bafkreihfsphazrk2ilejpekyltjeh5k4yvwgjuwg26ueafohqioeo3sdca");
    assertPlanets(
        ImportOptions.defaults().withCidVersion(1),
        "bafybeih7e5dmkyk25up5vxug4q3hrg2fxbzf23dfrac2fns5h7z4aa7ioi",
        "bafkreibmlvvgdyihetgocpof6xk64kjjzdeq2e4c7hqs3krdheosk4tgj4",
        "bafkreihfsphazrk2ilejpekyltjeh5k4yvwgjuwg26ueafohqioeo3sdca");
    assertPlanets(
        ImportOptions.defaults().withCidVersion(1).withRawLeaves(false),
        "bafybeif5tuep5ap2d7zyhbktucey75aoacxufgt6i3v4gebmixyipnyp7y",
        "bafybeiawta2ntdmsy24aro35w3homzl4ak7svr3si7l7gesvq4erglyye4",
        "bafybeicvkvhs2fr75ynebtdjqpgm4g2fc63abqbmysupwpmcjl4gx7mzrm");
    assertPlanets(
        ImportOptions.defaults().withHash(HashFunction.BLAKE2B_256),
        "bafykbzaceaptbcs7ik5mdfpot3b4ackvxlwh7loc5jcrtkayf64ukl7zyk46e",
        "bafk2bzaceaqcxw46uzkyd2jmczoogof6pnkqt4dpiv3pwkunsv4g5rkkmecie",
        "bafk2bzacebxnke2fb5mgzxyjuuavvcfht4fd3gvn4klkujz6k72wboynhuvfw");
  }

  private static void assertPlanets(ImportOptions o, String planets, String mars, String venus) {
    List<String> added =
        addedLines(
            o,
            List.of(
                new ImportEntry.Directory("planets"),
                textFile("planets/mars.txt", "Hello Mars!\n"),
                textFile("planets/venus.txt", "Hello Venus!\n")));
    assertThat(added)
        .containsExactly(
            mars + " planets/mars.txt", venus + " planets/venus.txt", planets + " planets");
  }

  // kubo test/sharness/t0040-add-and-cat.sh: 'ipfs add -rn' lists files, then directories
  @Test
  void moonsAreListedInKubosOrder() {
    List<String> added =
        addedLines(
            ImportOptions.defaults(),
            List.of(
                new ImportEntry.Directory("moons"),
                new ImportEntry.Directory("moons/jupiter"),
                textFile("moons/jupiter/europa.txt", "Hello Europa!\n"),
                textFile("moons/mercury.txt", "hey you are no moon!\n"),
                new ImportEntry.Directory("moons/saturn"),
                textFile("moons/saturn/titan.txt", "Hello Titan!\n")));
    assertThat(added)
        .containsExactly(
            "Qmbjg7zWdqdMaK2BucPncJQDxiALExph5k3NkQv5RHpccu moons/jupiter/europa.txt",
            "QmRsTB5CpEUvDUpDgHCzb3VftZ139zrk9zs5ZcgYh9TMPJ moons/mercury.txt",
            "QmZzppb9WHn552rmRqpPfgU5FEiHH6gDwi3MrB9cTdPwdb moons/saturn/titan.txt",
            "QmS5mZddhFPLWFX3w6FzAy9QxyYkaxvUpsWCtZ3r7jub9J moons/jupiter",
            "QmaMagZT4rTE7Nonw8KGSK4oe1bh533yhZrCo1HihSG8FK moons/saturn",
            "QmbGoaQZm8kjYfCiN1aBsgwhqfUBGDYTrDb91Mz7Dvq81B moons");
  }

  // kubo test/sharness/t0040-add-and-cat.sh: 'ipfs add -r .'
  @Test
  void currentDirectoryTree() {
    List<String> added =
        addedLines(
            ImportOptions.defaults(),
            List.of(
                new ImportEntry.Directory("test_current_dir"),
                new ImportEntry.Directory("test_current_dir/hello"),
                textFile("test_current_dir/hello/world", "World\n"),
                textFile("test_current_dir/hey", "Hey\n")));
    assertThat(added.get(added.size() - 1))
        .isEqualTo("QmZQWnfcqJ6hNkkPvrY9Q5X39GP3jUnUbAV4AbmbbR3Cb1 test_current_dir");
  }

  // kubo test/cli/cid_profiles_test.go: files at and over the chunk size and the link limit
  @Test
  void profileFileVectorsOfTheLegacyProfile() {
    assertThat(kuboFile(V0, "chunk-v0-seed", 262144))
        .isEqualTo("QmWmRj3dFDZdb6ABvbmKhEL6TmPbAfBZ1t5BxsEyJrcZhE");
    assertThat(kuboFile(V0, "chunk-v0-seed", 262145))
        .isEqualTo("QmYyLxtzZyW22zpoVAtKANLRHpDjZtNeDjQdJrcQNWoRkJ");
    assertThat(kuboFile(V0, "v0-seed", 174L * 262144))
        .isEqualTo("QmUbBALi174SnogsUzLpYbD4xPiBSFANF4iztWCsHbMKh2");
    assertThat(kuboFile(V0, "v0-seed", 174L * 262144 + 1))
        .isEqualTo("QmV81WL765sC8DXsRhE5fJv2rwhS4icHRaf3J9Zk5FdRnW");
  }

  @Test
  void profileFileVectorsOfTheModernProfileBelowOneGibibyte() {
    assertThat(kuboFile(V1, "chunk-v1-seed", 1048576))
        .isEqualTo("bafkreiacndfy443ter6qr2tmbbdhadvxxheowwf75s6zehscklu6ezxmta");
    assertThat(kuboFile(V1, "chunk-v1-seed", 1048577))
        .isEqualTo("bafybeigmix7t42i6jacydtquhet7srwvgpizfg7gjbq7627d35mjomtu64");
  }

  // kubo test/cli/add_test.go: 256 MiB with --max-file-links 1024 is one layer of 1024 links
  @Test
  void maxFileLinksWidensTheLayer() {
    assertThat(kuboFile(V0.withMaxLinks(1024), "hello world", 262144L * 1024))
        .isEqualTo("QmbBftNHWmjSWKLC49dMVrfnY8pjrJYntiAXirFJ7oJrNk");
  }

  // kubo test/cli/cid_profiles_test.go: directories exactly at and one byte over the threshold
  @Test
  void hamtThresholdOfTheLegacyProfileIsStrictlyGreater() {
    assertThat(kuboDirectory(V0, "hamt-unixfs-v0-2015", 4096, 30, 30))
        .isEqualTo("QmX5GtRk3TSSEHtdrykgqm4eqMEn3n2XhfkFAis5fjyZmN");
    assertThat(kuboDirectory(V0, "hamt-unixfs-v0-2015", 4033, 31, 31))
        .isEqualTo("QmeMiJzmhpJAUgynAcxTQYek5PPKgdv3qEvFsdV3XpVnvP");
  }

  @Test
  void hamtThresholdOfTheModernProfileCountsTheWholeBlock() {
    assertThat(kuboDirectory(V1, "hamt-unixfs-v1-2025", 4766, 11, 21))
        .isEqualTo("bafybeic3h7rwruealwxkacabdy45jivq2crwz6bufb5ljwupn36gicplx4");
    assertThat(kuboDirectory(V1, "hamt-unixfs-v1-2025", 4766, 11, 22))
        .isEqualTo("bafybeiegvuterwurhdtkikfhbxcldohmxp566vpjdofhzmnhv6o4freidu");
  }

  // kubo test/sharness/t0047-add-mode-mtime.sh: an empty file and a symlink with metadata
  @Test
  void modeAndMtimeOfSingleEntries() {
    ImportOptions both = V0.withPreserveMode(true).withPreserveMtime(true);
    Instant preserved = Instant.ofEpochSecond(1604320482);
    Instant custom = Instant.ofEpochSecond(1603539720);
    Instant customNanos = Instant.ofEpochSecond(1603539720, 54321);
    assertThat(root(both, empty("f", 0640, null)))
        .isEqualTo("QmQLgxypSNGNFTuUPGCecq6dDEjb6hNB5xSyVmP3cEuNtq");
    assertThat(root(both, empty("f", null, preserved)))
        .isEqualTo("QmQ6kErEW8kztQFV8vbwNU8E4dmtGsYpRiboiLxUEwibvj");
    assertThat(root(both, empty("f", 0640, preserved)))
        .isEqualTo("QmYkvboLsvLFcSYmqVJRxvBdYRQLroLv9kELf3LRiCqBri");
    assertThat(root(both, empty("f", 0764, null)))
        .isEqualTo("QmchD3BN8TQ3RW6jPLxSaNkqvfuj7syKhzTRmL4EpyY1Nz");
    assertThat(root(both, empty("f", null, custom)))
        .isEqualTo("QmT3aY4avDcYXCWpU8CJzqUkW7YEuEsx36S8cTNoLcuK1B");
    assertThat(root(both, empty("f", null, customNanos)))
        .isEqualTo("QmaKH8H5rXBUBCX4vdxi7ktGQEL7wejV7L9rX2qpZjwncz");
    assertThat(root(both, empty("f", 0764, customNanos)))
        .isEqualTo("QmUkxrtBA8tPjwCYz1HrsoRfDz6NgKut3asVeHVQNH4C8L");
    // A symlink keeps its mtime; Kubo never stores its mode.
    assertThat(root(both, new ImportEntry.Symlink("l", "nothing", 0777, preserved)))
        .isEqualTo("QmbJwotgtr84JxcnjpwJ86uZiyMoxbZuNH4YrdJMypkYaB");
    assertThat(root(both, new ImportEntry.Symlink("l", "nothing", 0764, custom)))
        .isEqualTo("QmV1Uot2gy4bhY9yvYiZxhhchhyYC6MKKoGV1XtWNmpCLe");
    assertThat(root(both, new ImportEntry.Symlink("l", "nothing", null, customNanos)))
        .isEqualTo("QmPHYCxYvvHj6VxiPNJ3kXxcPsnJLDYUJqsDJWjvytmrmY");
    // Without the flags the metadata is not stored.
    assertThat(root(V0, empty("f", 0640, preserved)))
        .isEqualTo("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH");
  }

  // kubo test/sharness/t0047-add-mode-mtime.sh: test_directory, dir1 alone
  @Test
  void modeAndMtimeOfAnEmptyDirectory() {
    ImportOptions both = V0.withPreserveMode(true).withPreserveMtime(true);
    Instant dirTime = Instant.ofEpochSecond(1655158632 + 90);
    assertThat(root(V0, new ImportEntry.Directory("dir1", 0755, dirTime)))
        .isEqualTo("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
    assertThat(root(V0.withPreserveMode(true), new ImportEntry.Directory("dir1", 0755, dirTime)))
        .isEqualTo("QmRviohgafvCsbkiTgfQFipbuXJ6k1YtoiaQW4quttJPKu");
    assertThat(root(V0.withPreserveMtime(true), new ImportEntry.Directory("dir1", 0755, dirTime)))
        .isEqualTo("QmYMy7CZGb498QFSQBF5ZFwv1FYbrAtYZMe4VxhDXxAcvf");
    assertThat(root(both, new ImportEntry.Directory("dir1", 0713, null)))
        .isEqualTo("QmQ1ABnw2iip7sj23EzzBZ9T77KyyfESP6SUboiXPyzNQe");
    assertThat(
            root(both, new ImportEntry.Directory("dir1", null, Instant.ofEpochSecond(1603539720))))
        .isEqualTo("QmfWitW6F13WHFXLbJzXRYmwrS1p4gaAJAfucUSMytRPn3");
    assertThat(
            root(
                both,
                new ImportEntry.Directory("dir1", null, Instant.ofEpochSecond(1603539720, 54321))))
        .isEqualTo("QmZFdCLJay31hT3Tx1LygJ7XfiLEs3qLCXtbeBfhf38aZg");
  }

  // kubo test/sharness/t0047-add-mode-mtime.sh: the whole tree of test_directory
  @Test
  void modeAndMtimeOfATree() {
    ImportOptions both = V0.withPreserveMode(true).withPreserveMtime(true);
    assertThat(sortedCids(both, Mt47Tree.entries(null, null)))
        .containsExactlyElementsOf(Mt47Tree.PRESERVED_CIDS);
    // --mode=0753 on everything but the symlink
    assertThat(sortedCids(both, Mt47Tree.entries(0753, null)))
        .containsExactly(
            "QmNZ5cyx3f6maXkczwhh3ufjDCh9f3k9zrDhX218ZZGvoV",
            "QmRqtFVLkXfWJuqWtYiCPthgomo3gouno8uvMeGAyCVaWS",
            "QmSkrWNcyDA7s1qiT6Ps7ey4zcB7uBH3sqGcKRfW4UMKhM",
            "QmSkrWNcyDA7s1qiT6Ps7ey4zcB7uBH3sqGcKRfW4UMKhM",
            "QmSkrWNcyDA7s1qiT6Ps7ey4zcB7uBH3sqGcKRfW4UMKhM",
            "QmZNAZXB6JyJ1cK9h1uJEK4XDo1CKsSuHMPGUUMrzDXCQz",
            "QmbSz6GyS8MNR4M9xtCteuGVJQRYkCXLbW174Fdy8jtaoZ",
            "QmccnAQQeJGtmtgZoi3hpEmgdxbuX1ao2hQmrKmmwQnCn9",
            "QmeTZoiAiduFY2hXaNQP4ehiE71BrQFEnrqduBZ5ZjHuFy",
            "Qmf13KNurvAHUfMBhMWvZuftmUikhhGY7ohWVaBDDndFMz");
    // --mtime=1603539720 on everything, the symlink too
    assertThat(sortedCids(both, Mt47Tree.entries(null, Instant.ofEpochSecond(1603539720))))
        .containsExactly(
            "QmPCGFZ8ZFowAwfWdCeGsr9wSbGXwZiHW3bZ7XSYcc1Zby",
            "QmT3aY4avDcYXCWpU8CJzqUkW7YEuEsx36S8cTNoLcuK1B",
            "QmT3aY4avDcYXCWpU8CJzqUkW7YEuEsx36S8cTNoLcuK1B",
            "QmT3aY4avDcYXCWpU8CJzqUkW7YEuEsx36S8cTNoLcuK1B",
            "QmUGMu9epCEz5HMsuJFgpJxxt3HoahsTQcC65Jje6LNqYF",
            "QmXhzoPKuqmkqbyr4kJFznFRXtGwriCXKGFPr4vviyK3aV",
            "QmZ5wKCcL11TckypuDTKLLNFP6JMCBJRCn385XKQQ6PCLt",
            "Qmdw3hiAxn6R5MRkkdzLdFvZUa2WJeLCTXXCyB8byFsHSA",
            "QmedF4m2Y8341azfkpvaHSkxbSrZa4fo6FT25h6sRUVkpq",
            "QmfWitW6F13WHFXLbJzXRYmwrS1p4gaAJAfucUSMytRPn3");
  }

  /** The tree {@code setup_directory} of t0047 makes, as a walk lists it. */
  static final class Mt47Tree {
    static final long DIR_TIME = 1655158632;

    /** {@code HASH_DIR_MODE_AND_MTIME}: every entry's CID with mode and mtime kept, sorted. */
    static final List<String> PRESERVED_CIDS =
        List.of(
            "QmRCG3Pprg4jbhfYBzVzfJVyneFHnBquPGXwvXU3jSuf5j",
            "QmReHCn4BSJJdtd6Le8Hd8Puai6TmgpPCYb13wyM7FD9AD",
            "QmSioyvQuXetxg7uo8FswGn9XKKEsisDq1HTMzGyWbw2R6",
            "QmTMoVgJKhPrz9DfkvT132mxyBXNae5azXQ42WbM9abdSE",
            "QmVzXqpuQGCAgRwEbGuE9xe8Fidi1HEXaPKsQEFEbPJW9j",
            "QmW6Nqy2nziduAp3UGx2a52gtSUsYzhVcZMuPdxBRnwCyP",
            "QmeQwX5qAX18fcPDxDdkfM6ttuFCZetF5hgeUa6ov8D5oc",
            "QmefofUNwC2U3Xp87rB1x8Aws6AdsDuoXR7B9u2RkEZ4dQ",
            "Qmeu24TFarJwLzJgMTDYDJTr4BMGnzafoSnfxov1513abW",
            "Qmf82bbFg2e8HmcqiewutVVw5NoMpiXZD57LpLdC1poBuH");

    /**
     * The entries with the metadata the tree has on disk; or, as Kubo's --mode or --mtime give
     * them, with {@code mode} or {@code mtime} everywhere and nothing else.
     */
    static List<ImportEntry> entries(Integer mode, Instant mtime) {
      boolean custom = mode != null || mtime != null;
      List<ImportEntry> out = new ArrayList<>();
      out.add(new ImportEntry.Directory("t", m(custom, mode, 0700), t(custom, mtime, 0)));
      out.add(new ImportEntry.Directory("t/dir1", m(custom, mode, 0755), t(custom, mtime, 90)));
      out.add(new ImportEntry.Directory("t/dir2", m(custom, mode, 0755), t(custom, mtime, 50)));
      out.add(
          new ImportEntry.Directory("t/dir2/sub1", m(custom, mode, 0755), t(custom, mtime, 40)));
      out.add(
          new ImportEntry.Symlink(
              "t/dir2/sub1/link1", "../sub2/file3", 0777, t(custom, mtime, 20)));
      out.add(
          new ImportEntry.Directory(
              "t/dir2/sub1/sub2", m(custom, mode, 0755), t(custom, mtime, 30)));
      out.add(emptyFile("t/dir2/sub1/sub2/file3", m(custom, mode, 0644), t(custom, mtime, 10)));
      out.add(new ImportEntry.Directory("t/dir3", m(custom, mode, 0755), t(custom, mtime, 70)));
      out.add(emptyFile("t/dir3/file2", m(custom, mode, 0644), t(custom, mtime, 60)));
      out.add(emptyFile("t/file1", m(custom, mode, 0644), t(custom, mtime, 80)));
      return out;
    }

    private static Integer m(boolean custom, Integer mode, int onDisk) {
      return custom ? mode : Integer.valueOf(onDisk);
    }

    private static Instant t(boolean custom, Instant mtime, int offset) {
      return custom ? mtime : Instant.ofEpochSecond(DIR_TIME + offset);
    }
  }

  private static List<String> sortedCids(ImportOptions o, List<ImportEntry> entries) {
    List<String> cids = new ArrayList<>();
    new UnixFsImporter(BlockStores.memory(), o)
        .importEntries(
            entries.iterator(),
            new ImportListener() {
              @Override
              public void added(AddedEntry e) {
                cids.add(e.cid().toString());
              }
            });
    cids.sort(null);
    return cids;
  }

  static ImportEntry.File emptyFile(String path, Integer mode, Instant mtime) {
    return new ImportEntry.File(path, () -> InputStream.nullInputStream(), mode, mtime);
  }

  private static ImportEntry empty(String path, Integer mode, Instant mtime) {
    return emptyFile(path, mode, mtime);
  }

  static ImportEntry.File textFile(String path, String text) {
    return new ImportEntry.File(path, () -> new ByteArrayInputStream(utf8(text)));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String file(ImportOptions o, String text) {
    return root(o, textFile("f", text));
  }

  private static String root(ImportOptions o, ImportEntry entry) {
    return new UnixFsImporter(BlockStores.memory(), o)
        .importEntries(List.of(entry).iterator(), ImportListener.NONE)
        .get(0)
        .cid()
        .toString();
  }

  private static String kuboFile(ImportOptions o, String seed, long size) {
    Supplier<InputStream> in = () -> KuboTestData.stream(seed, size);
    return new UnixFsImporter(new CountingBlockSink(), o)
        .importStream("f", in.get(), ImportListener.NONE)
        .cid()
        .toString();
  }

  private static String kuboDirectory(
      ImportOptions o, String seed, int count, int nameLength, int lastNameLength) {
    List<ImportEntry> entries = new ArrayList<>();
    entries.add(new ImportEntry.Directory("d"));
    for (String name : KuboTestData.fileNames(seed, count, nameLength, lastNameLength)) {
      entries.add(textFile("d/" + name, "x"));
    }
    List<AddedEntry> roots =
        new UnixFsImporter(BlockStores.memory(), o)
            .importEntries(entries.iterator(), ImportListener.NONE);
    return roots.get(0).cid().toString();
  }

  private static List<String> addedLines(ImportOptions o, List<ImportEntry> entries) {
    List<String> lines = new ArrayList<>();
    new UnixFsImporter(BlockStores.memory(), o)
        .importEntries(
            entries.iterator(),
            new ImportListener() {
              @Override
              public void added(AddedEntry e) {
                lines.add(e.cid() + " " + e.path());
              }
            });
    return lines;
  }
}

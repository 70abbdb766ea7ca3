package io.cairn.retrieval.gateway;

import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.codec.DagCbor;
import io.cairn.storage.codec.DagJson;
import io.cairn.storage.codec.Ipld;
import io.cairn.storage.dag.DagWalker;
import io.cairn.storage.testing.TestData;
import io.cairn.storage.unixfs.AddedEntry;
import io.cairn.storage.unixfs.ImportEntry;
import io.cairn.storage.unixfs.ImportListener;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.IpfsPath;
import io.cairn.storage.unixfs.Profile;
import io.cairn.storage.unixfs.UnixFsExporter;
import io.cairn.storage.unixfs.UnixFsImporter;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The content gateway tests serve, imported with the node's own importer: a tree of files (CIDv1,
 * raw leaves, 1 KiB chunks and 4 links per node so files span several levels), a sharded directory,
 * sites with {@code _redirects} files, a DAG-CBOR document and a directory with duplicate files.
 */
final class TestContent {
  static final byte[] HELLO = utf8("hello world\n");
  static final byte[] META =
      utf8(
          "{\"name\":\"Cairn #1\",\"description\":\"a test NFT\","
              + "\"image\":\"ipfs://bafy/image.png\",\"attributes\":[{\"trait_type\":\"x\",\"value\":1}]}");
  static final byte[] PAGE =
      utf8("<!DOCTYPE html><html><head><title>t</title></head><body>hi</body></html>");
  static final byte[] SVG =
      utf8(
          "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"></svg>");
  static final byte[] BIG = TestData.bytes(7, 40 * 1024 + 123);
  static final byte[] PNG = png();

  final BlockStore store;
  final ImportOptions options;
  final Cid files;
  final Cid hamt;
  final Cid site;
  final Cid badSite;
  final Cid hugeRedirectsSite;
  final Cid dups;
  final Cid cbor;
  final Cid json;
  final Cid cborLinked;
  final List<String> hamtNames = new ArrayList<>();
  private final UnixFsExporter exporter;

  TestContent(BlockStore store) {
    this.store = store;
    this.exporter = new UnixFsExporter(store);
    this.options =
        ImportOptions.profile(Profile.UNIXFS_V1_2025)
            .withChunker("size-1024")
            .withMaxLinks(4)
            .withWrapWithDirectory(true);
    Map<String, byte[]> tree = new LinkedHashMap<>();
    tree.put("hello.txt", HELLO);
    tree.put("meta.json", META);
    tree.put("image.png", PNG);
    tree.put("photo", PNG);
    tree.put("page", PAGE);
    tree.put("metadata", META);
    tree.put("drawing", SVG);
    tree.put("big.bin", BIG);
    tree.put("empty.txt", new byte[0]);
    tree.put("ą/ę/file-źł.txt", utf8("unicode\n"));
    tree.put("sub/a.txt", utf8("a\n"));
    tree.put("sub/b.txt", utf8("b\n"));
    tree.put("site/index.html", PAGE);
    tree.put("site/style.css", utf8("body{}"));
    List<ImportEntry> entries = new ArrayList<>(files(tree));
    entries.add(new ImportEntry.Symlink("link", "hello.txt"));
    this.files = importAll(options, entries);

    List<ImportEntry> many = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      String name = "file-" + i + ".txt";
      hamtNames.add(name);
      many.add(new ImportEntry.File("shard/" + name, content(utf8("entry " + i + "\n"))));
    }
    many.add(new ImportEntry.File("shard/big.bin", content(BIG)));
    this.hamt =
        child(importAll(options.withShardThresholdBytes(200).withHamtFanout(8), many), "shard");

    Map<String, byte[]> s = new LinkedHashMap<>();
    s.put("index.html", utf8("<html>my index</html>"));
    s.put("one.html", utf8("<html>one</html>"));
    s.put("two.html", utf8("<html>two</html>"));
    s.put("404.html", utf8("<html>my 404</html>"));
    s.put("410.html", utf8("<html>my 410</html>"));
    s.put("articles/2022/01/01/hello-world", utf8("article"));
    s.put(
        "_redirects",
        utf8(
            "# comment\r\n/redirect-one /one.html\r\n"
                + "/301-redirect-one /one.html 301\n"
                + "/302-redirect-two /two.html 302\n"
                + "/303-see /two.html 303\n"
                + "/307-temp /two.html 307\n"
                + "/308-perm /two.html 308\n"
                + "/200-index /index.html 200\n"
                + "/posts/:year/:month/:day/:title /articles/:year/:month/:day/:title 301\n"
                + "/splat/* /redirected-splat/:splat 301\n"
                + "/static/* /target?static=1&keep=static 302\n"
                + "/external/* https://example.net/ext/:splat 301\n"
                + "/not-found/* /404.html 404\n"
                + "/gone/* /410.html 410\n"
                + "/* /index.html 200\n"));
    this.site = importAll(options, files(s));

    Map<String, byte[]> bad = new LinkedHashMap<>();
    bad.put("index.html", utf8("<html>bad</html>"));
    bad.put("_redirects", utf8("/a /b 301!\n"));
    this.badSite = importAll(options, files(bad));

    Map<String, byte[]> huge = new LinkedHashMap<>();
    StringBuilder lines = new StringBuilder();
    while (lines.length() <= 64 * 1024) {
      lines.append("/from-").append(lines.length()).append(" /to 301\n");
    }
    huge.put("_redirects", utf8(lines.toString()));
    this.hugeRedirectsSite = importAll(options, files(huge));

    Map<String, byte[]> d = new LinkedHashMap<>();
    d.put("ascii.txt", utf8("ascii\n"));
    d.put("ascii-copy.txt", utf8("ascii\n"));
    d.put("hello.txt", HELLO);
    d.put("multiblock.txt", TestData.bytes(11, 4 * 1024 + 2));
    this.dups = importAll(options.withMaxLinks(174), files(d));

    Map<String, Ipld> doc = new LinkedHashMap<>();
    doc.put("name", new Ipld.Str("doc"));
    doc.put("file", new Ipld.Link(resolve(files, "hello.txt")));
    doc.put("dir", new Ipld.Link(resolve(files, "sub")));
    doc.put("list", new Ipld.List(List.of(new Ipld.Link(resolve(files, "meta.json")))));
    Block cborBlock = Block.create(Multicodec.DAG_CBOR, DagCbor.encode(new Ipld.Map(doc)));
    store.put(cborBlock);
    this.cbor = cborBlock.cid();
    Block jsonBlock =
        Block.create(
            Multicodec.DAG_JSON, DagJson.encode(new Ipld.Map(Map.of("a", new Ipld.Str("b")))));
    store.put(jsonBlock);
    this.json = jsonBlock.cid();
    Block top =
        Block.create(
            Multicodec.DAG_CBOR, DagCbor.encode(new Ipld.Map(Map.of("doc", new Ipld.Link(cbor)))));
    store.put(top);
    this.cborLinked = top.cid();
  }

  /** Imports one file with this content's options; returns its CID. */
  Cid file(byte[] bytes) {
    return child(importAll(options, files(Map.of("f", bytes))), "f");
  }

  /** The blocks of a DAG, depth-first pre-order without duplicates, as the walker gives them. */
  static List<Cid> dfs(BlockStore store, Cid root) {
    List<Cid> out = new ArrayList<>();
    new DagWalker(store, DagWalker.OnMissing.FAIL)
        .walk(
            root,
            new HashSet<>(),
            (cid, data) -> {
              out.add(cid);
              return true;
            });
    return out;
  }

  /** The CID a path under a root leads to. */
  Cid resolve(Cid root, String path) {
    return exporter.resolve(root, path);
  }

  Cid child(Cid root, String name) {
    return exporter.resolve(new IpfsPath(root, List.of(name)));
  }

  private Cid importAll(ImportOptions o, List<ImportEntry> entries) {
    List<AddedEntry> roots =
        new UnixFsImporter(store, o.withWrapWithDirectory(true))
            .importEntries(entries.iterator(), ImportListener.NONE);
    return roots.get(0).cid();
  }

  private static List<ImportEntry> files(Map<String, byte[]> tree) {
    List<ImportEntry> out = new ArrayList<>();
    tree.forEach((path, bytes) -> out.add(new ImportEntry.File(path, content(bytes))));
    return out;
  }

  private static ImportEntry.ContentSupplier content(byte[] bytes) {
    return () -> new ByteArrayInputStream(bytes);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] png() {
    BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
    image.setRGB(1, 1, 0xff0000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}

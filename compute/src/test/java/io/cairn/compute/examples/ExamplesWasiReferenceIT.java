package io.cairn.compute.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.compute.wasm.WasmOutcome;
import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.testing.JsReference;
import io.cairn.storage.unixfs.GetListener;
import io.cairn.storage.unixfs.UnixFsExporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example run by Cairn and by Node's own WASI ({@code node:wasi}, V8, through {@code
 * interop/wasi-examples.mjs}) over the same input files: the standard output and every output file
 * must be the same bytes. This is the check that Cairn's WASI behaves as the reference does.
 */
@Tag("compute")
@Tag("interop")
class ExamplesWasiReferenceIT {
  @TempDir Path tmp;

  private final BlockStore blocks = BlockStores.memory();

  /** Runs the example both ways over inputs laid out under {@code inputs/NAME}. */
  private void assertSameAsNode(String example, Path inputs, String... args) throws IOException {
    Map<String, Path> named;
    try (Stream<Path> list = Files.list(inputs)) {
      named =
          list.collect(java.util.stream.Collectors.toMap(p -> p.getFileName().toString(), p -> p));
    }
    WasmOutcome cairn = Examples.run(blocks, tmp.resolve("scratch"), example, named, args);
    assertThat(cairn.status().toString()).as(example).isEqualTo("done");
    Path cairnOut = tmp.resolve(example + "-cairn");
    new UnixFsExporter(blocks).get(cairn.outputRoot(), cairnOut, GetListener.NONE);

    Path module = tmp.resolve(example + ".wasm");
    Files.write(module, Examples.module(example));
    Path nodeOut = Files.createDirectories(tmp.resolve(example + "-node"));
    List<String> command = new ArrayList<>(List.of(module.toString(), inputs.toString()));
    command.add(nodeOut.toString());
    command.add(example);
    command.addAll(List.of(args));
    String nodeStdout = JsReference.run("wasi-examples.mjs", command.toArray(String[]::new));

    assertThat(Examples.stdout(blocks, cairn)).as(example + " stdout").isEqualTo(nodeStdout);
    List<Path> nodeFiles = ExpectedOutputs.filesByName(nodeOut);
    List<Path> cairnFiles = ExpectedOutputs.filesByName(cairnOut);
    assertThat(cairnFiles.stream().map(cairnOut::relativize).toList())
        .as(example + " output files")
        .isEqualTo(nodeFiles.stream().map(nodeOut::relativize).toList())
        .isNotEmpty();
    for (int i = 0; i < nodeFiles.size(); i++) {
      assertThat(Files.readAllBytes(cairnFiles.get(i)))
          .as("%s %s", example, nodeOut.relativize(nodeFiles.get(i)))
          .isEqualTo(Files.readAllBytes(nodeFiles.get(i)));
    }
  }

  @Test
  void wordcountMatchesNode() throws IOException {
    Path inputs = tmp.resolve("wordcount-in");
    Examples.writeTextCorpus(inputs.resolve("data"), 11);
    assertSameAsNode("wordcount", inputs);
    assertSameAsNode("wordcount", inputs, "wasm");
  }

  @Test
  void nftRarityMatchesNode() throws IOException {
    Path inputs = tmp.resolve("nft-in");
    Examples.writeNftCollection(inputs.resolve("metadata"), 300, 12);
    assertSameAsNode("nft-rarity", inputs);
  }

  @Test
  void mlpTrainAndInferMatchNode() throws IOException {
    Path trainIn = Files.createDirectories(tmp.resolve("train-in"));
    Files.write(trainIn.resolve("data"), Examples.resource("iris/iris-train.csv"));
    assertSameAsNode("mlp-train", trainIn);

    Path inferIn = Files.createDirectories(tmp.resolve("infer-in"));
    Files.copy(tmp.resolve("mlp-train-node/weights.txt"), inferIn.resolve("weights"));
    Files.write(inferIn.resolve("rows"), Examples.resource("iris/iris-holdout.csv"));
    assertSameAsNode("mlp-infer", inferIn);
  }
}

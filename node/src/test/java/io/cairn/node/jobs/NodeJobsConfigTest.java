package io.cairn.node.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.config.ConfigEditor;
import io.cairn.config.NodeConfig;
import io.cairn.config.RepoInitializer;
import io.cairn.config.RepoPaths;
import io.cairn.node.rpc.ImportSettings;
import io.cairn.storage.Storage;
import io.cairn.storage.Storages;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeJobsConfigTest {
  @TempDir Path dir;

  private int concurrencyOf(RepoPaths paths) {
    NodeConfig config = NodeConfig.load(paths);
    try (Storage storage =
            Storages.openRepo(config.storageOptions(paths), config.peerId().toString());
        NodeJobs jobs =
            NodeJobs.open(
                paths, config, storage, ImportSettings.fromConfig(config.importDefaults()))) {
      return jobs.queue().concurrency();
    }
  }

  @Test
  void theQueueRunsAsManyJobsAtOnceAsComputeConcurrencySays() {
    RepoPaths paths = new RepoPaths(dir.resolve("repo"));
    RepoInitializer.init(paths, List.of());
    assertThat(concurrencyOf(paths)).isEqualTo(2);
    ConfigEditor.open(paths).set("Compute.Concurrency", "5", ConfigEditor.ValueType.STRING);
    assertThat(concurrencyOf(paths)).isEqualTo(5);
  }
}

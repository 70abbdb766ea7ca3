package io.cairn.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.testing.JsReference;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("chain")
class AnvilIT {
  @TempDir Path dir;

  @Test
  void stateFileKeepsContractsAndDealsAcrossRestarts() {
    Path exe = Anvil.locate(JsReference.projectRoot());
    Path state = dir.resolve("chain/state.json");
    Deployment d;
    String provider;
    try (Anvil anvil = Anvil.start(exe, 0, state, 0)) {
      assertThat(anvil.rpc().getHost()).isEqualTo("127.0.0.1");
      assertThat(anvil.devPrivateKeys()).hasSize(10);
      ChainAccount deployer = ChainAccount.fromPrivateKey(anvil.devPrivateKeys().get(0));
      d = ChainClient.deploy(anvil.rpc(), deployer, MarketParams.dev());
      try (ChainClient p = connect(anvil, d, anvil.devPrivateKeys().get(1))) {
        p.registerProvider(DevChain.offer("12D3KooWPersisted"), DevChain.ETHER);
        provider = p.address();
        long before = p.blockNumber();
        anvil.mine(5);
        assertThat(p.blockNumber()).isEqualTo(before + 5);
      }
    }
    assertThat(state).exists();
    try (Anvil anvil = Anvil.start(exe, 0, state, 0);
        ChainClient c = connect(anvil, d, anvil.devPrivateKeys().get(2))) {
      assertThat(c.params()).isEqualTo(MarketParams.dev());
      assertThat(c.provider(provider).orElseThrow().offer().peerId())
          .isEqualTo("12D3KooWPersisted");
      assertThat(c.provider(provider).orElseThrow().stake()).isEqualTo(DevChain.ETHER);
    }
  }

  private static ChainClient connect(Anvil anvil, Deployment d, String key) {
    return ChainClient.connect(
        new ChainOptions(anvil.rpc(), d, 1, Duration.ofMillis(20)),
        ChainAccount.fromPrivateKey(key));
  }
}

package io.cairn.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Connecting clients leaves nothing behind once they are closed: web3j's default makes each client
 * a scheduler pool and a JVM shutdown hook that holds it until the JVM exits.
 */
@Tag("chain")
class ClientThreadsIT {
  private static final Pattern POOLS =
      Pattern.compile(
          "^\\s*\\d+:\\s+(\\d+)\\s+\\d+\\s+java\\.util\\.concurrent\\.ScheduledThreadPoolExecutor\\s",
          Pattern.MULTILINE);
  private static final int CLIENTS = 8;

  @Test
  void clientsConnectedAndClosedLeaveNoSchedulerPoolBehind() throws Exception {
    try (DevChain chain = new DevChain(MarketParams.dev())) {
      for (int i = 0; i < CLIENTS; i++) {
        chain.connect(i % 4).close();
        ChainClient.chainId(chain.rpc());
      }
      long before = livePools();
      for (int i = 0; i < CLIENTS; i++) {
        chain.connect(i % 4).close();
        ChainClient.chainId(chain.rpc());
      }
      assertThat(livePools()).isLessThanOrEqualTo(before);
    }
  }

  /** Scheduler pools still reachable, counted by the JVM after a full GC. */
  private static long livePools() throws Exception {
    String histogram =
        (String)
            ManagementFactory.getPlatformMBeanServer()
                .invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "gcClassHistogram",
                    new Object[] {null},
                    new String[] {String[].class.getName()});
    Matcher m = POOLS.matcher(histogram);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }
}

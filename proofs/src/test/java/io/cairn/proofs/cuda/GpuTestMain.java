package io.cairn.proofs.cuda;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs the GPU tests where there is no Maven (the folder bench/gpu-carry builds): the CUDA backend
 * against the CPU and the shipped-kernel checks. Exits 1 on a failure and 2 when the GPU tests were
 * skipped, so a machine that should have a GPU but cannot use it does not pass quietly.
 */
public final class GpuTestMain {
  private GpuTestMain() {}

  public static void main(String[] args) {
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(selectClass(CudaKernelsTest.class), selectClass(CudaBackendIT.class))
            .build();
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    TestExecutionListener progress =
        new TestExecutionListener() {
          @Override
          public void executionSkipped(TestIdentifier test, String reason) {
            System.out.println("SKIPPED " + test.getDisplayName() + ": " + reason);
          }

          @Override
          public void executionFinished(
              TestIdentifier test, org.junit.platform.engine.TestExecutionResult result) {
            if (test.isTest()) {
              System.out.println(result.getStatus() + " " + test.getDisplayName());
              result.getThrowable().ifPresent(t -> System.out.println("  " + t));
            }
          }
        };
    launcher.execute(request, summary, progress);
    TestExecutionSummary s = summary.getSummary();
    s.printTo(new PrintWriter(System.out, true));
    s.printFailuresTo(new PrintWriter(System.out, true), 20);
    if (s.getTotalFailureCount() > 0) {
      System.exit(1);
    }
    if (s.getTestsSucceededCount() < s.getTestsFoundCount() || s.getTestsAbortedCount() > 0) {
      System.exit(2);
    }
  }
}

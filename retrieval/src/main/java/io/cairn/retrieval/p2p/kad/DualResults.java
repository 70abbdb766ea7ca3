package io.cairn.retrieval.p2p.kad;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;

/** How {@link Kademlia} combines the outcomes of one operation on its WAN and LAN DHTs. */
final class DualResults {
  private DualResults() {}

  /**
   * The outcome of the same operation on both DHTs, as the dual DHT combines them: both answers
   * merged when both succeed, the one that succeeded otherwise, the WAN's failure when both fail.
   *
   * @param lanWork null where no LAN DHT runs
   * @param after when not null, its value is the result once both have ended (the merge ignored)
   */
  static <T> CompletableFuture<T> either(
      CompletableFuture<T> wanWork,
      CompletableFuture<T> lanWork,
      BinaryOperator<T> merge,
      Supplier<T> after) {
    if (lanWork == null) {
      return after == null
          ? wanWork
          : Lookups.cancelling(wanWork, wanWork.thenApply(v -> after.get()));
    }
    CompletableFuture<T> out = new CompletableFuture<>();
    CompletableFuture.allOf(wanWork, lanWork)
        .whenComplete(
            (v, e) -> {
              boolean wanOk = !wanWork.isCompletedExceptionally();
              boolean lanOk = !lanWork.isCompletedExceptionally();
              try {
                if (!wanOk && !lanOk) {
                  wanWork.join();
                }
                T merged =
                    wanOk && lanOk
                        ? merge.apply(wanWork.join(), lanWork.join())
                        : wanOk ? wanWork.join() : lanWork.join();
                out.complete(after == null ? merged : after.get());
              } catch (CompletionException | CancellationException ex) {
                out.completeExceptionally(ex.getCause() == null ? ex : ex.getCause());
              } catch (RuntimeException ex) {
                out.completeExceptionally(ex);
              }
            });
    out.whenComplete(
        (v, e) -> {
          if (e instanceof CancellationException) {
            wanWork.cancel(true);
            lanWork.cancel(true);
          }
        });
    return out;
  }
}

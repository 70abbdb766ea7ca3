package io.cairn.node.pinning.client;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into memory that fails, and stops the download, once it passes a size: a
 * broken or hostile service cannot make the node hold more than one page's worth.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
  /** The body passed the cap. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(long cap) {
      super("the answer is larger than " + cap + " bytes");
    }
  }

  private final HttpResponse.BodySubscriber<byte[]> bytes =
      HttpResponse.BodySubscribers.ofByteArray();
  private final long cap;
  private Flow.Subscription subscription;
  private long seen;
  private boolean done;

  private CappedBody(long cap) {
    this.cap = cap;
  }

  static CappedBody of(long cap) {
    return new CappedBody(cap);
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return bytes.getBody();
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    bytes.onSubscribe(s);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (done) {
      return;
    }
    for (ByteBuffer b : items) {
      seen += b.remaining();
    }
    if (seen > cap) {
      done = true;
      subscription.cancel();
      bytes.onError(new TooLarge(cap));
      return;
    }
    bytes.onNext(items);
  }

  @Override
  public void onError(Throwable t) {
    if (!done) {
      done = true;
      bytes.onError(t);
    }
  }

  @Override
  public void onComplete() {
    if (!done) {
      done = true;
      bytes.onComplete();
    }
  }
}

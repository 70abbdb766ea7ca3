package io.cairn.retrieval.ipns;

import io.cairn.retrieval.p2p.kad.RecordValidator;
import io.cairn.storage.PeerId;
import java.time.InstantSource;
import java.util.List;

/**
 * The DHT's validator of the {@code /ipns/} namespace: a value is a record of the name its key
 * names, signed by that name's key and not past its end of life; the best has the highest sequence
 * number, then the latest end of life.
 */
final class IpnsValidator implements RecordValidator {
  static final String NAMESPACE = "ipns";

  private final InstantSource clock;

  IpnsValidator(InstantSource clock) {
    this.clock = clock;
  }

  @Override
  public void validate(byte[] key, byte[] value) {
    try {
      PeerId name = IpnsRecord.nameOfRoutingKey(key);
      IpnsRecord.decode(value).validate(name, clock.instant());
    } catch (IpnsException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  @Override
  public int select(byte[] key, List<byte[]> values) {
    int best = 0;
    IpnsRecord bestRecord = IpnsRecord.decode(values.get(0));
    for (int i = 1; i < values.size(); i++) {
      IpnsRecord r = IpnsRecord.decode(values.get(i));
      if (IpnsRecord.compare(r, bestRecord) > 0) {
        best = i;
        bestRecord = r;
      }
    }
    return best;
  }
}

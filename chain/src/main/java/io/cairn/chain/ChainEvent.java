package io.cairn.chain;

import java.math.BigInteger;
import java.util.Map;

/**
 * A contract event, decoded by the contracts' ABI.
 *
 * @param name the event name ({@code DealOpened}, {@code PeriodProven}, …)
 * @param dealId the deal it concerns, {@code null} for registry and withdrawal events
 * @param fields every parameter by name: integers as {@link BigInteger}, addresses and strings as
 *     {@link String}, booleans as {@link Boolean}, a piece CID as its text, other bytes as 0x-hex
 */
public record ChainEvent(
    String name, long block, String txHash, BigInteger dealId, Map<String, Object> fields) {
  public ChainEvent {
    fields = Map.copyOf(fields);
  }
}

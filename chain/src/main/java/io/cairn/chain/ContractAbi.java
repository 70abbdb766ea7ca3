package io.cairn.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.Log;

/**
 * The compiled contracts' ABIs and bytecode (resources under {@code io/cairn/chain/contracts}),
 * with what the client needs from them: revert data decoded into the custom error that raised it,
 * and logs decoded into {@link ChainEvent}s.
 */
// web3j's ABI API takes and returns the raw Type
@SuppressWarnings("rawtypes")
final class ContractAbi {
  static final String RESOURCES = "/io/cairn/chain/contracts/";

  private record Param(String name, String type, boolean indexed) {}

  private record Entry(String name, List<Param> params) {
    String signature() {
      return name + params.stream().map(Param::type).collect(Collectors.joining(",", "(", ")"));
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Entry> errors = new HashMap<>();
  private final Map<String, Entry> events = new HashMap<>();

  ContractAbi(String... contracts) {
    errors.put("08c379a0", new Entry("Error", List.of(new Param("reason", "string", false))));
    errors.put("4e487b71", new Entry("Panic", List.of(new Param("code", "uint256", false))));
    for (String c : contracts) {
      for (JsonNode item : abi(c)) {
        String kind = item.path("type").asText();
        if (!kind.equals("error") && !kind.equals("event")) {
          continue;
        }
        List<Param> params = new ArrayList<>();
        for (JsonNode in : item.path("inputs")) {
          params.add(
              new Param(
                  in.path("name").asText(),
                  in.path("type").asText(),
                  in.path("indexed").asBoolean()));
        }
        Entry e = new Entry(item.path("name").asText(), params);
        String hash = Hash.sha3String(e.signature()).substring(2);
        if (kind.equals("error")) {
          errors.put(hash.substring(0, 8), e);
        } else {
          events.put(hash, e);
        }
      }
    }
  }

  static JsonNode abi(String contract) {
    try {
      return JSON.readTree(resource(contract + ".abi"));
    } catch (IOException e) {
      throw new UncheckedIOException("ABI of " + contract + " is unreadable", e);
    }
  }

  /** The contract's creation bytecode, hex without 0x. */
  static String bin(String contract) {
    return resource(contract + ".bin").strip();
  }

  private static String resource(String name) {
    try (InputStream in = ContractAbi.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException("contract resource " + RESOURCES + name + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("contract resource " + name + " is unreadable", e);
    }
  }

  /** The selector of an error signature such as {@code InvalidProof(uint256)}, hex. */
  static String selector(String signature) {
    return Hash.sha3String(signature).substring(2, 10);
  }

  /** Decodes revert data into [name, "Name(arg, …)"], or null when it is empty or unknown. */
  String[] decodeError(String data) {
    if (data == null) {
      return null;
    }
    // web3j keeps the error's data as raw JSON: a quoted hex string
    String d = data.strip().replace("\"", "");
    String hex = d.startsWith("0x") ? d.substring(2) : d;
    if (hex.length() < 8) {
      return null;
    }
    Entry e = errors.get(hex.substring(0, 8).toLowerCase(java.util.Locale.ROOT));
    if (e == null) {
      return new String[] {null, "unknown error 0x" + hex.substring(0, 8)};
    }
    try {
      List<Type> values = FunctionReturnDecoder.decode("0x" + hex.substring(8), refs(e.params()));
      String args =
          values.stream().map(v -> render(v.getValue())).collect(Collectors.joining(", "));
      return new String[] {e.name(), e.name() + "(" + args + ")"};
    } catch (RuntimeException ex) {
      return new String[] {e.name(), e.name() + "(undecodable arguments)"};
    }
  }

  /** Decodes a log of one of the contracts, or null for a log no ABI here declares. */
  ChainEvent decodeEvent(Log log) {
    List<String> topics = log.getTopics();
    if (topics.isEmpty()) {
      return null;
    }
    Entry e = events.get(topics.get(0).substring(2).toLowerCase(java.util.Locale.ROOT));
    if (e == null) {
      return null;
    }
    List<Param> plain = e.params().stream().filter(p -> !p.indexed()).toList();
    List<Type> data = FunctionReturnDecoder.decode(log.getData(), refs(plain));
    Map<String, Object> fields = new LinkedHashMap<>();
    int topic = 1;
    int next = 0;
    for (Param p : e.params()) {
      Object value;
      if (p.indexed()) {
        value = decodeIndexed(topics.get(topic++), p.type());
      } else {
        value = data.get(next++).getValue();
      }
      fields.put(
          p.name(), p.name().equals("pieceCid") ? PieceCids.toText((byte[]) value) : java(value));
    }
    Object deal = fields.get("dealId");
    return new ChainEvent(
        e.name(),
        log.getBlockNumber().longValueExact(),
        log.getTransactionHash(),
        deal instanceof BigInteger id ? id : null,
        fields);
  }

  private static Object java(Object v) {
    if (v instanceof byte[] b) {
      return "0x" + HexFormat.of().formatHex(b);
    }
    if (v instanceof String s && s.startsWith("0x") && s.length() == 42) {
      return s.toLowerCase(java.util.Locale.ROOT);
    }
    return v;
  }

  private static String render(Object v) {
    Object j = java(v);
    return j instanceof String s && !s.startsWith("0x") ? "\"" + s + "\"" : String.valueOf(j);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static List<TypeReference<Type>> refs(List<Param> params) {
    List<TypeReference<Type>> out = new ArrayList<>();
    for (Param p : params) {
      out.add(ref(p.type()));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Object decodeIndexed(String topic, String type) {
    return FunctionReturnDecoder.decodeIndexedValue(topic, ref(type)).getValue();
  }

  private static TypeReference ref(String type) {
    try {
      return TypeReference.makeTypeReference(type);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("ABI type " + type + " is unknown to web3j", e);
    }
  }
}

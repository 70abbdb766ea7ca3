package io.cairn.compute.bacalhau;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cairn.compute.JobSpec;
import io.cairn.compute.Limits;
import io.cairn.storage.Cid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads a Bacalhau job (YAML, or JSON which YAML includes) whose one task uses the {@code wasm}
 * engine, and maps it to a {@link JobSpec}: {@code Engine.Params.EntryModule} (an ipfs input
 * source, or a CID), {@code Entrypoint}, {@code Parameters}, {@code EnvironmentVariables}, {@code
 * InputSources} of type ipfs mounted at {@code /inputs/<name>}, {@code ResultPaths} under {@code
 * /outputs}, {@code Resources.Memory} and {@code Timeouts.ExecutionTimeout} (seconds). Anything
 * Cairn cannot honour is refused by name.
 */
public final class BacalhauJob {
  /** A key given twice is an error, never the last one taken. */
  private static final YAMLMapper YAML =
      YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private BacalhauJob() {}

  /**
   * Parses a Bacalhau job and maps it.
   *
   * @throws IllegalArgumentException naming what is malformed or not supported
   */
  public static JobSpec parse(String text) {
    JsonNode job;
    try {
      job = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the Bacalhau job is not valid YAML or JSON: " + e.getOriginalMessage(), e);
    }
    if (job == null || !job.isObject()) {
      throw new IllegalArgumentException("the Bacalhau job must be a map with a Tasks list");
    }
    checkJob(job);
    JsonNode tasks = job.path("Tasks");
    if (!tasks.isArray() || tasks.size() != 1) {
      throw new IllegalArgumentException(
          "the Bacalhau job must have exactly one entry in Tasks, not " + tasks.size());
    }
    return task(tasks.get(0));
  }

  private static void checkJob(JsonNode job) {
    String type = text(job, "Type", "batch");
    if (!type.equalsIgnoreCase("batch") && !type.equalsIgnoreCase("ops")) {
      throw new IllegalArgumentException(
          "Bacalhau job Type '" + type + "' is not supported: Cairn runs batch jobs");
    }
    JsonNode count = job.path("Count");
    if (present(count) && !(count.isIntegralNumber() && count.asLong() == 1)) {
      throw new IllegalArgumentException(
          "Bacalhau Count " + count + " is not supported: Cairn runs one copy of a job");
    }
  }

  private static JobSpec task(JsonNode task) {
    JsonNode engine = task.path("Engine");
    String engineType = text(engine, "Type", "");
    if (!engineType.equalsIgnoreCase("wasm")) {
      throw new IllegalArgumentException(
          "Bacalhau engine '" + engineType + "' is not supported: Cairn runs wasm jobs");
    }
    checkNetwork(task.path("Network"));
    checkPublisher(task.path("Publisher"));
    JsonNode params = engine.path("Params");
    if (params.path("ImportModules").size() > 0) {
      throw new IllegalArgumentException(
          "Bacalhau ImportModules are not supported: link the modules into the entry module");
    }
    JsonNode entry = params.path("EntryModule");
    if (!present(entry)) {
      throw new IllegalArgumentException("Bacalhau Engine.Params.EntryModule is missing");
    }
    Cid module = ipfsCid("Engine.Params.EntryModule", entry);
    List<String> args = new ArrayList<>();
    JsonNode parameters = params.path("Parameters");
    if (present(parameters)) {
      String where = "Engine.Params.Parameters";
      expect(parameters, JsonNode::isArray, where, "a list of strings");
      for (int i = 0; i < parameters.size(); i++) {
        args.add(scalar(parameters.get(i), where + "[" + i + "]"));
      }
    }
    Map<String, String> env = new LinkedHashMap<>();
    JsonNode variables = params.path("EnvironmentVariables");
    if (present(variables)) {
      String where = "Engine.Params.EnvironmentVariables";
      expect(variables, JsonNode::isObject, where, "a map");
      variables
          .properties()
          .forEach(e -> env.put(e.getKey(), scalar(e.getValue(), where + "." + e.getKey())));
    }
    Map<String, Cid> inputs = inputs(task.path("InputSources"));
    checkResultPaths(task.path("ResultPaths"));
    Limits limits = limits(task);
    try {
      return JobSpec.wasm(module)
          .withEntrypoint(text(params, "Entrypoint", JobSpec.DEFAULT_ENTRYPOINT))
          .withArgs(args)
          .withEnv(env)
          .withInputs(inputs)
          .withLimits(limits);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the Bacalhau job maps to no valid spec: " + e.getMessage(), e);
    }
  }

  private static Map<String, Cid> inputs(JsonNode sources) {
    Map<String, Cid> inputs = new LinkedHashMap<>();
    for (JsonNode source : sources) {
      String target = text(source, "Target", "");
      String name = target.startsWith("/inputs/") ? target.substring("/inputs/".length()) : "";
      name = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
      if (name.isEmpty() || name.contains("/")) {
        throw new IllegalArgumentException(
            "Bacalhau input Target '"
                + target
                + "' is not supported: Cairn mounts each input at /inputs/<name>");
      }
      Cid cid = ipfsCid("InputSources Target '" + target + "'", source);
      if (inputs.put(name, cid) != null) {
        throw new IllegalArgumentException("Bacalhau input Target '" + target + "' is used twice");
      }
    }
    return inputs;
  }

  /** A CID given as a string, or as an InputSource {Source: {Type: ipfs, Params: {CID}}}. */
  private static Cid ipfsCid(String where, JsonNode node) {
    String text;
    if (node.isTextual()) {
      text = node.asText();
    } else {
      JsonNode source = node.path("Source");
      String type = text(source, "Type", "");
      if (!type.equalsIgnoreCase("ipfs")) {
        throw new IllegalArgumentException(
            "Bacalhau input source type '"
                + type
                + "' of "
                + where
                + " is not supported: Cairn reads inputs by CID (type ipfs)");
      }
      text = text(source.path("Params"), "CID", "");
    }
    try {
      return Cid.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Bacalhau " + where + " has no valid CID ('" + text + "'): " + e.getMessage(), e);
    }
  }

  private static void checkResultPaths(JsonNode paths) {
    for (JsonNode p : paths) {
      String path = text(p, "Path", "");
      if (!path.equals("/outputs") && !path.startsWith("/outputs/")) {
        throw new IllegalArgumentException(
            "Bacalhau ResultPaths '"
                + text(p, "Name", "")
                + "' path '"
                + path
                + "' is not supported: Cairn collects /outputs only");
      }
    }
  }

  private static void checkNetwork(JsonNode network) {
    String type = text(network, "Type", "None");
    if (!type.equalsIgnoreCase("none")) {
      throw new IllegalArgumentException(
          "Bacalhau Network Type '" + type + "' is not supported: Cairn jobs have no network");
    }
  }

  private static void checkPublisher(JsonNode publisher) {
    String type = text(publisher, "Type", "").toLowerCase(Locale.ROOT);
    if (!type.isEmpty() && !type.equals("ipfs") && !type.equals("local") && !type.equals("noop")) {
      throw new IllegalArgumentException(
          "Bacalhau publisher '"
              + type
              + "' is not supported: Cairn stores results in its own block store by CID");
    }
  }

  private static Limits limits(JsonNode task) {
    Limits limits = Limits.DEFAULTS;
    JsonNode resources = task.path("Resources");
    String gpu = text(resources, "GPU", "0").trim();
    if (!gpu.isEmpty() && !gpu.equals("0")) {
      throw new IllegalArgumentException(
          "Bacalhau Resources.GPU '" + gpu + "' is not supported: wasm jobs run on the CPU");
    }
    String memory = text(resources, "Memory", "");
    try {
      if (!memory.isBlank()) {
        limits = limits.withMemoryBytes(ByteSizes.parse("Resources.Memory", memory));
      }
      JsonNode timeout = task.path("Timeouts").path("ExecutionTimeout");
      if (present(timeout)) {
        if (!timeout.isIntegralNumber() || !timeout.canConvertToLong() || timeout.asLong() < 0) {
          throw new IllegalArgumentException(
              "Bacalhau Timeouts.ExecutionTimeout must be whole seconds, not " + timeout);
        }
        if (timeout.asLong() > 0) {
          limits = limits.withWallTime(Duration.ofSeconds(timeout.asLong()));
        }
      }
    } catch (IllegalArgumentException e) {
      throw e.getMessage().startsWith("Bacalhau")
          ? e
          : new IllegalArgumentException("Bacalhau Resources or Timeouts: " + e.getMessage(), e);
    }
    return limits;
  }

  private static boolean present(JsonNode node) {
    return !node.isMissingNode() && !node.isNull();
  }

  /** A string, or a number or boolean as YAML writes it; a list or map is refused by name. */
  private static String scalar(JsonNode node, String where) {
    expect(node, JsonNode::isValueNode, where, "a string");
    return node.asText();
  }

  private static void expect(JsonNode node, Predicate<JsonNode> shape, String where, String what) {
    if (!shape.test(node)) {
      throw new IllegalArgumentException(
          "Bacalhau " + where + " must be " + what + ", not " + shape(node));
    }
  }

  private static String shape(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "a list";
      case OBJECT, POJO -> "a map";
      case STRING, BINARY -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL, MISSING -> "null";
    };
  }

  private static String text(JsonNode node, String field, String fallback) {
    JsonNode v = node.path(field);
    return present(v) ? v.asText() : fallback;
  }
}

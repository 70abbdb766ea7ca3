package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.daemon.Versions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code diag/sys}: what Kubo's {@code diag sys} tells of the system, for bug reports, with the JVM
 * in place of Go's runtime: {@code cairn_version}, {@code diskinfo} (the repo's file system),
 * {@code environment} ({@code CAIRN_PATH}), {@code memory} (the heap, and the process's resident
 * and virtual size where {@code /proc} tells them), {@code net} (interface addresses as multiaddrs,
 * and whether the network runs), {@code runtime} (system, architecture, Java, processors, threads).
 * Keys are sorted, as Go writes a map.
 */
final class DiagSysRpc implements ApiCommand {
  @Override
  public String path() {
    return "diag/sys";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) throws IOException {
    Map<String, Object> out = new TreeMap<>();
    out.put("cairn_version", Versions.version());

    Map<String, Object> runtime = new TreeMap<>();
    runtime.put("os", System.getProperty("os.name"));
    runtime.put("arch", System.getProperty("os.arch"));
    runtime.put("version", Runtime.version().toString());
    runtime.put("vendor", System.getProperty("java.vendor"));
    runtime.put("numcpu", Runtime.getRuntime().availableProcessors());
    runtime.put("numthreads", ManagementFactory.getThreadMXBean().getThreadCount());
    out.put("runtime", runtime);

    Map<String, Object> environment = new TreeMap<>();
    environment.put("CAIRN_PATH", String.valueOf(System.getenv().getOrDefault("CAIRN_PATH", "")));
    out.put("environment", environment);

    Path root = node.paths().root();
    FileStore store = Files.getFileStore(root);
    Map<String, Object> disk = new TreeMap<>();
    disk.put("fstype", store.type());
    disk.put("total_space", store.getTotalSpace());
    disk.put("free_space", store.getUsableSpace());
    out.put("diskinfo", disk);

    Map<String, Object> memory = new TreeMap<>();
    Runtime rt = Runtime.getRuntime();
    memory.put("heap_used", rt.totalMemory() - rt.freeMemory());
    memory.put("heap_max", rt.maxMemory());
    procStatus("VmRSS").ifPresent(v -> memory.put("rss", v));
    procStatus("VmSize").ifPresent(v -> memory.put("virt", v));
    out.put("memory", memory);

    Map<String, Object> net = new TreeMap<>();
    net.put("interface_addresses", interfaceAddresses());
    net.put("online", node.network().isPresent());
    out.put("net", net);
    res.emitOnce(out);
  }

  /** A size from {@code /proc/self/status} in bytes (Linux only). */
  private static Optional<Long> procStatus(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field + ":")) {
          String[] parts = line.substring(field.length() + 1).strip().split("\\s+");
          return Optional.of(Long.parseLong(parts[0]) * 1024);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or not readable: left out
    }
    return Optional.empty();
  }

  private static List<String> interfaceAddresses() throws SocketException {
    List<String> out = new ArrayList<>();
    for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      for (InetAddress a : Collections.list(nif.getInetAddresses())) {
        String host = a.getHostAddress();
        int zone = host.indexOf('%');
        out.add(
            (a instanceof java.net.Inet6Address ? "/ip6/" : "/ip4/")
                + (zone >= 0 ? host.substring(0, zone) : host));
      }
    }
    Collections.sort(out);
    return out;
  }
}

package dev.syncpack.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The machine a report was measured on, as {@code BENCHMARKS.md} states it.
 *
 * @param cores the processors the JVM sees ({@code nproc})
 * @param memory the total memory, e.g. "23.4 GiB"
 * @param cpu the CPU model from {@code /proc/cpuinfo}
 * @param jdk the JDK the benchmarks ran on
 * @param os the operating system
 * @param date when the report was taken, UTC, to the minute
 * @param load the load averages over 1, 5 and 15 minutes when the run started, from
 *     {@code /proc/loadavg}: how busy other work kept the machine
 */
record Machine(int cores, String memory, String cpu, String jdk, String os, String date, String load) {

    /** @return this machine, read from the JVM and {@code /proc} */
    static Machine current() {
        return new Machine(Runtime.getRuntime().availableProcessors(),
                procLine("/proc/meminfo", "MemTotal:").map(Machine::kibToGib).orElse("unknown"),
                procLine("/proc/cpuinfo", "model name").map(line -> line.substring(line.indexOf(':') + 1).trim())
                        .orElse(System.getProperty("os.arch")),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                Instant.now().truncatedTo(ChronoUnit.MINUTES).toString(),
                procLine("/proc/loadavg", "").map(Machine::firstThree).orElse("unknown"));
    }

    private static Optional<String> procLine(String file, String prefix) {
        try {
            List<String> lines = Files.readAllLines(Path.of(file));
            return lines.stream().filter(line -> line.startsWith(prefix)).findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String firstThree(String loadavg) {
        String[] parts = loadavg.trim().split("\\s+");
        return parts.length < 3 ? loadavg.trim() : parts[0] + " " + parts[1] + " " + parts[2];
    }

    private static String kibToGib(String memTotalLine) {
        String[] parts = memTotalLine.trim().split("\\s+");
        return String.format(java.util.Locale.ROOT, "%.1f GiB", Long.parseLong(parts[1]) / (1024.0 * 1024.0));
    }
}

package dev.syncpack.benchmarks;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How many cores were busy over a stretch of wall time: the whole machine's (from
 * {@code /proc/stat}, so it includes other processes such as a local PostgreSQL) and this JVM's.
 *
 * @param machineCores cores the machine's CPUs were busy on average; empty where {@code /proc/stat}
 *     cannot be read
 * @param machineCpus the CPUs {@code /proc/stat} counts (which a container's CPU quota, and so
 *     {@link Runtime#availableProcessors()}, may not match); the JVM's count where it cannot be read
 * @param jvmCores cores this JVM used on average
 * @param jitLoad the JIT compilers' compile time per second of the stretch, summed over the
 *     compiler threads by wall clock (so it is not a share of {@code jvmCores}; zero where the JVM
 *     does not report it): a stretch that still compiles much has not reached the steady state
 *     users run
 */
record CpuUse(Optional<Double> machineCores, int machineCpus, double jvmCores, double jitLoad) {

    /** One reading of {@code /proc/stat}: ticks all CPUs spent busy and not, and how many CPUs there are. */
    private record Ticks(long busy, long notBusy, int cpus) {
    }

    /** A measurement under way. */
    static final class Meter {
        private final long startNanos = System.nanoTime();
        private final Duration jvmStart = jvmCpu();
        private final Optional<Ticks> machineStart = machineTicks();
        private final long jitStartMillis = jitMillis();

        private Meter() {
        }

        /** @return the cores busy since {@link #start()} */
        CpuUse stop() {
            long wallNanos = System.nanoTime() - startNanos;
            double jvm = jvmCpu().minus(jvmStart).toNanos() / (double) wallNanos;
            double jit = (jitMillis() - jitStartMillis) * 1_000_000.0 / wallNanos;
            Optional<Ticks> machineEnd = machineStart.flatMap(start -> machineTicks());
            Optional<Double> machine = machineStart.flatMap(start -> machineEnd.map(end -> {
                long busy = end.busy() - start.busy();
                long all = busy + end.notBusy() - start.notBusy();
                return all == 0 ? 0.0 : busy / (double) all * end.cpus();
            }));
            int cpus = machineEnd.map(Ticks::cpus).orElse(Runtime.getRuntime().availableProcessors());
            return new CpuUse(machine, cpus, jvm, jit);
        }
    }

    /** @return a meter started now */
    static Meter start() {
        return new Meter();
    }

    /**
     * @return e.g. "this JVM 0.95 (its JIT compilers compiling 0.01 s a second) and the rest of the
     *     machine 0.88 of its 2 cores"
     */
    String describe() {
        String jvm = "this JVM " + cores(jvmCores);
        String jit = "its JIT compilers compiling " + cores(jitLoad) + " s a second";
        return machineCores.map(machine -> jvm + " (" + jit + ") and the rest of the machine "
                        + cores(Math.max(0, machine - jvmCores)) + " of its " + machineCpus + " cores")
                .orElse(jvm + " cores (" + jit + "; the machine's total was not readable)");
    }

    private static String cores(double cores) {
        return String.format(Locale.ROOT, "%.2f", cores);
    }

    /** @return the JIT compilers' accumulated time, or 0 where the JVM does not report it */
    private static long jitMillis() {
        CompilationMXBean compilation = ManagementFactory.getCompilationMXBean();
        return compilation != null && compilation.isCompilationTimeMonitoringSupported()
                ? compilation.getTotalCompilationTime() : 0;
    }

    private static Duration jvmCpu() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /**
     * @return the ticks all CPUs spent busy (user, nice, system, irq, softirq) and not (idle,
     *     iowait, steal) since boot, from the first line of {@code /proc/stat}, and the number of
     *     {@code cpuN} lines that total covers
     */
    private static Optional<Ticks> machineTicks() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
            String[] fields = lines.getFirst().trim().split("\\s+");
            long busy = Long.parseLong(fields[1]) + Long.parseLong(fields[2]) + Long.parseLong(fields[3])
                    + Long.parseLong(fields[6]) + Long.parseLong(fields[7]);
            long notBusy = Long.parseLong(fields[4]) + Long.parseLong(fields[5]) + Long.parseLong(fields[8]);
            int cpus = (int) lines.stream().filter(line -> line.matches("cpu\\d+\\s.*")).count();
            return cpus == 0 ? Optional.empty() : Optional.of(new Ticks(busy, notBusy, cpus));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}

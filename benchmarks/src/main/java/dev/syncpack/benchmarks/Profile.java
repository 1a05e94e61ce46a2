package dev.syncpack.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Says where the time goes: a figure records a JFR profile of its measured phase, or of a run apart
 * from it ({@link #record}, or {@link #recordingJvmOptions} for a JMH fork), and {@link #summary}
 * reads the CPU samples back as the share spent in each method. Every figure JVM runs with
 * {@link #PRECISE_STACKS}, so a sample is charged near the line that ran rather than to the nearest
 * safepoint; within inlined code the attribution is still approximate.
 */
final class Profile {

    /** JVM options for exact sample attribution and stacks deep enough for the engine's call chains. */
    static final List<String> PRECISE_STACKS = List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints",
            "-XX:FlightRecorderOptions:stackdepth=256");
    /** How often {@link #record} samples each running thread. */
    static final Duration SAMPLE_PERIOD = Duration.ofMillis(2);

    private Profile() {
    }

    /**
     * @param file where the recording goes when the JVM exits
     * @param period how often each running thread's stack is sampled
     * @return the JVM options that record a whole JVM's CPU samples
     */
    static List<String> recordingJvmOptions(Path file, Duration period) {
        List<String> options = new ArrayList<>(PRECISE_STACKS);
        options.add("-XX:StartFlightRecording=filename=" + file + ",settings=profile,jdk.ExecutionSample#period="
                + period.toMillis() + "ms,dumponexit=true");
        return options;
    }

    /**
     * Runs {@code work} under a JFR recording of CPU samples every 2 ms and writes it to {@code file}.
     *
     * @param file where the recording goes
     * @param work the measured phase
     * @return what {@code work} returned
     * @throws Exception what {@code work} threw, or when the recording cannot be written
     */
    static <T> T record(Path file, Callable<T> work) throws Exception {
        try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
            recording.enable("jdk.ExecutionSample").withPeriod(SAMPLE_PERIOD);
            recording.start();
            T result = work.call();
            recording.stop();
            Files.createDirectories(file.toAbsolutePath().getParent());
            recording.dump(file);
            return result;
        }
    }

    /**
     * Summarises the CPU samples whose stack passes through a method named {@code within}: each
     * sample counts for the innermost syncpack method on its stack (lambdas skipped), so the shares
     * add up to 100% and a method's share includes the JDK code it calls (its maps, locks, clocks).
     *
     * @param file the recording
     * @param within part of a frame's {@code Class.method} name, e.g. {@code "HeartbeatThroughput.heartbeat"}
     * @param top how many methods to list
     * @return e.g. "of 812 CPU samples: InMemoryPresenceStore.compute 23%, NodeSessions.watch 16%, ..."
     * @throws IOException when the recording cannot be read
     */
    static String summary(Path file, String within, int top) throws IOException {
        Map<String, Integer> byMethod = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            RecordedStackTrace stack = event.getStackTrace();
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || stack == null) {
                continue;
            }
            List<String> frames = stack.getFrames().stream().filter(RecordedFrame::isJavaFrame)
                    .map(Profile::name).toList();
            int entry = entryIndex(frames, within);
            if (entry < 0) {
                continue;
            }
            samples++;
            String owner = frames.subList(0, entry + 1).stream()
                    .filter(Profile::isNamedProjectMethod)
                    .findFirst().orElse(frames.get(entry));
            byMethod.merge(owner, 1, Integer::sum);
        }
        if (samples == 0) {
            return "no CPU samples were recorded inside " + within;
        }
        int total = samples;
        return "of " + samples + " CPU samples inside `" + within + "`: " + byMethod.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(top)
                .map(e -> "`" + shortName(e.getKey()) + "` " + Format.percent((double) e.getValue() / total))
                .collect(Collectors.joining(", "));
    }

    /** Lambdas and their hidden classes are skipped: the method that holds the lambda names the work. */
    private static boolean isNamedProjectMethod(String frame) {
        return frame.startsWith("dev.syncpack.") && !frame.contains("lambda$") && !frame.contains("$$Lambda");
    }

    private static int entryIndex(List<String> frames, String within) {
        for (int i = frames.size() - 1; i >= 0; i--) {
            if (frames.get(i).contains(within)) {
                return i;
            }
        }
        return -1;
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static String shortName(String qualified) {
        String withoutMethod = qualified.substring(0, qualified.lastIndexOf('.'));
        return qualified.substring(withoutMethod.lastIndexOf('.') + 1);
    }
}

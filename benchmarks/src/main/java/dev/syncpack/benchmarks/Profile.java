package dev.syncpack.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Says where the time goes: a figure's JVM records a JFR profile ({@link #jvmOptions}) and
 * {@link #summary} reads its CPU samples back as the share of samples spent in each method.
 */
final class Profile {

    private Profile() {
    }

    /**
     * @param file where the recording goes
     * @return the JVM options that record CPU samples every 10 ms with deep stacks
     */
    static List<String> jvmOptions(Path file) {
        return List.of("-XX:FlightRecorderOptions:stackdepth=256",
                "-XX:StartFlightRecording=filename=" + file + ",settings=profile,dumponexit=true");
    }

    /**
     * Summarises the CPU samples whose stack passes through a method named {@code within}: each
     * sample counts for the innermost syncpack method on its stack (lambdas skipped), so the shares
     * add up to 100% and a method's share includes the JDK code it calls (its maps, locks, clocks).
     *
     * @param file the recording
     * @param within part of a frame's {@code Class.method} name, e.g. {@code "HeartbeatThroughput.heartbeat"}
     * @param top how many methods to list
     * @return e.g. "of 812 CPU samples: InMemoryPresenceStore.compute 23%, SessionWatcher.watch 16%, ..."
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
                    .filter(frame -> frame.startsWith("dev.syncpack.") && !frame.contains(".lambda$"))
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

package dev.syncpack.benchmarks;

import java.util.Objects;

/**
 * One row of {@code BENCHMARKS.md}: what was measured, against which baseline of the same run,
 * the goal and whether it was reached.
 *
 * @param number the figure number in the issue (1 to 8)
 * @param title what the figure is
 * @param measured the measured value with its unit, e.g. "612 k heartbeats/s"
 * @param baseline the baseline measured in the same run, with its unit, or "—"
 * @param ratio how the figure compares with its baseline, e.g. "3.1× the baseline's cost", or "—"
 * @param goal the goal the figure must reach
 * @param verdict whether it did
 * @param note what the figure shows, and, where a goal is missed, where the time goes
 */
record FigureResult(int number, String title, String measured, String baseline, String ratio, String goal,
                    Verdict verdict, String note) {

    /** @throws NullPointerException when a component is null */
    FigureResult {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(measured, "measured");
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(ratio, "ratio");
        Objects.requireNonNull(goal, "goal");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(note, "note");
    }

    /**
     * A figure that could not be measured in this run.
     *
     * @param number the figure number
     * @param title what the figure is
     * @param goal its goal
     * @param why why it was not measured, e.g. the benchmark's failure
     * @return a row saying so
     */
    static FigureResult notRun(int number, String title, String goal, String why) {
        return new FigureResult(number, title, "—", "—", "—", goal, Verdict.NOT_RUN, why);
    }

    /** Whether a figure reached its goal. */
    enum Verdict {
        /** Every part of the goal was reached. */
        MET("met"),
        /** At least one part of the goal was missed. */
        MISSED("missed"),
        /** The figure could not be measured in this run. */
        NOT_RUN("not run");

        private final String word;

        Verdict(String word) {
            this.word = word;
        }

        /** @return the word the report prints */
        String word() {
            return word;
        }

        /**
         * @param met whether the goal was reached
         * @return {@link #MET} or {@link #MISSED}
         */
        static Verdict of(boolean met) {
            return met ? MET : MISSED;
        }
    }
}

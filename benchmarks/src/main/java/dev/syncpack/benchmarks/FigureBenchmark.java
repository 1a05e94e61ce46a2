package dev.syncpack.benchmarks;

/** The benchmark behind one figure; runs in a JVM of its own (see {@link FigureMain}). */
interface FigureBenchmark {

    /**
     * Measures the figure and its baseline.
     *
     * @param settings the run's settings (quick or full, database URL, log directory)
     * @return the figure's row, with its verdict and note
     * @throws Exception when the measurement cannot be made; the report shows the figure as not run
     */
    Outcome run(Settings settings) throws Exception;
}

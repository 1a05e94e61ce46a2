package dev.syncpack.benchmarks;

/** A figure whose benchmark needs a module that has not landed on main yet. */
final class Pending implements FigureBenchmark {

    private final int figure;

    private Pending(int figure) {
        this.figure = figure;
    }

    static FigureBenchmark of(int figure) {
        return new Pending(figure);
    }

    @Override
    public Outcome run(Settings settings) {
        return Outcome.of(Figures.of(figure).notRun("Needs a module that is not on main yet."));
    }
}

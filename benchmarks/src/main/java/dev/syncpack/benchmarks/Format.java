package dev.syncpack.benchmarks;

import java.util.Locale;

/** How the report writes numbers: few digits, the unit spelled out, the same way in every row. */
final class Format {

    private Format() {
    }

    /**
     * @param perSecond a rate
     * @param unit what is counted, e.g. "heartbeats/s"
     * @return e.g. "612 k heartbeats/s" or "2 310 heartbeats/s"
     */
    static String rate(double perSecond, String unit) {
        return perSecond >= 100_000 ? String.format(Locale.ROOT, "%,.0f k %s", perSecond / 1000, unit).replace(',', ' ')
                : String.format(Locale.ROOT, "%,.0f %s", perSecond, unit).replace(',', ' ');
    }

    /**
     * @param count a whole number, e.g. of subscribers
     * @return e.g. "20 000", grouped by thousands as the rates are
     */
    static String count(long count) {
        return String.format(Locale.ROOT, "%,d", count).replace(',', ' ');
    }

    /**
     * @param millis a duration in milliseconds
     * @return e.g. "0.42 ms", "3.1 ms", "87 ms" or "1 204 ms"
     */
    static String millis(double millis) {
        if (millis < 1) {
            return String.format(Locale.ROOT, "%.2f ms", millis);
        }
        if (millis < 10) {
            return String.format(Locale.ROOT, "%.1f ms", millis);
        }
        return String.format(Locale.ROOT, "%,.0f ms", millis).replace(',', ' ');
    }

    /**
     * @param ratio a ratio
     * @return e.g. "4.2×" or "0.93×"
     */
    static String times(double ratio) {
        return ratio < 10 ? String.format(Locale.ROOT, "%.2f×", ratio) : String.format(Locale.ROOT, "%.0f×", ratio);
    }

    /**
     * @param percentOfWhole a share from 0 to 1
     * @return e.g. "37%"
     */
    static String percent(double percentOfWhole) {
        return String.format(Locale.ROOT, "%.0f%%", percentOfWhole * 100);
    }
}

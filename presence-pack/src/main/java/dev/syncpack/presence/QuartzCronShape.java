package dev.syncpack.presence;

import java.util.Objects;

/**
 * A quick check that a cron has the shape Quartz wants, so the common mistakes (a five-field Unix
 * cron, a croner-style six-field cron without {@code ?}) fail at {@code build()}. The engine parses the cron
 * with Quartz itself when the pack is registered and rejects anything else Quartz refuses.
 */
final class QuartzCronShape {

    private QuartzCronShape() {
    }

    /**
     * @throws IllegalArgumentException when {@code cron} does not have 6 or 7 fields with {@code ?}
     *     in exactly one of day-of-month and day-of-week
     */
    static String check(String option, String cron) {
        Objects.requireNonNull(cron, option);
        String[] fields = cron.trim().split("\\s+");
        boolean fieldCount = fields.length == 6 || fields.length == 7;
        if (!fieldCount || "?".equals(fields[3]) == "?".equals(fields[5])) {
            throw new IllegalArgumentException(option + " must be a Quartz cron: seconds minutes hours day-of-month "
                    + "month day-of-week [year], with ? in exactly one of day-of-month and day-of-week, "
                    + "e.g. 0/15 * * * * ?; was \"" + cron + "\"");
        }
        return cron;
    }
}

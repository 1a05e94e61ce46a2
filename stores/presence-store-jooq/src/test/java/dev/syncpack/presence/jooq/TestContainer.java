package dev.syncpack.presence.jooq;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** The Testcontainers fallback of {@link TestDatabase}; only loaded when no URL is configured. */
final class TestContainer {

    private static PostgreSQLContainer container;

    private TestContainer() {
    }

    static boolean dockerAnswers() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    /** @return the JDBC URL, with credentials, of a {@code postgres:15} container started once per JVM */
    static synchronized String start() {
        if (container == null) {
            container = new PostgreSQLContainer("postgres:15-alpine");
            container.start();
        }
        return container.getJdbcUrl() + (container.getJdbcUrl().contains("?") ? "&" : "?")
                + "user=" + URLEncoder.encode(container.getUsername(), StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(container.getPassword(), StandardCharsets.UTF_8);
    }
}

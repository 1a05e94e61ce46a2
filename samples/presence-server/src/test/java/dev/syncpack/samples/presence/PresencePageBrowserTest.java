package dev.syncpack.samples.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The page in real headless Chromium: two browsers, signed in as two users in one channel, see
 * each other come, point, type, turn away and go. Saves a screenshot of the page with both users to
 * {@code target/presence-page.png}.
 */
@Timeout(180)
class PresencePageBrowserTest {

    static final Path SCREENSHOT = Path.of("target", "presence-page.png");

    @TempDir
    Path profiles;

    @BeforeEach
    void requireChromium() {
        String why = "the browser test needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)";
        RequiredTools.requireExecutable(Browser.CHROMIUM, why);
        RequiredTools.requireExecutable(Browser.CHROMEDRIVER, why);
    }

    @Test
    void twoUsers_seeEachOthersAvatarCursorTypingAwayAndLeave() throws IOException {
        try (TestServer server = TestServer.start("--reconnect-grace", "1s");
             Browser ada = Browser.open(profiles.resolve("ada"));
             Browser grace = Browser.open(profiles.resolve("grace"))) {
            try {
                ada.signIn(server.server().uri(), "Ada", "acme", "design-review");
                grace.signIn(server.server().uri(), "Grace", "acme", "design-review");

                assertThat(ada.avatar("grace").getText()).contains("Grace");
                assertThat(grace.avatar("ada").getText()).contains("Ada");

                grace.pointAt(0.25, 0.5);
                assertThat(ada.cursorAt("grace", 0.25, 0.5).getText()).isEqualTo("Grace");
                grace.pointAt(0.7, 0.3);
                ada.cursorAt("grace", 0.7, 0.3);

                grace.type("Looks good");
                ada.awaitText("typing", "Grace is typing…");

                ada.until(d -> d.findElement(By.id("inspect-summary")).getText().contains("presence: 2"));
                ada.screenshot(SCREENSHOT);

                grace.hideTab();
                ada.until(d -> "away".equals(ada.avatar("grace").getDomAttribute("data-status")));

                grace.quit();
                ada.awaitNoAvatar("grace");
                assertThat(ada.avatar("ada").getText()).contains("Ada (you)");
            } catch (RuntimeException | AssertionError e) {
                ada.saveDiagnostics("failure-ada");
                grace.saveDiagnostics("failure-grace");
                throw e;
            }
        }
    }
}

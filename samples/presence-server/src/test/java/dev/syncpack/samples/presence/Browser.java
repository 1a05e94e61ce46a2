package dev.syncpack.samples.presence;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/** One headless Chromium with its own profile, driving the presence page as one user. */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM_BIN", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("CHROMEDRIVER_BIN", "/usr/bin/chromedriver"));
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Selenium warns that it has no CDP bindings for this Chromium; the test does not use CDP. */
    private static final Logger CDP_VERSION_FINDER = quiet("org.openqa.selenium.devtools.CdpVersionFinder");

    private final ChromeDriver driver;
    private boolean quit;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** @param profile an empty directory for the browser's user data */
    static Browser open(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1280,800", "--user-data-dir=" + profile.toAbsolutePath());
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new Browser(new ChromeDriver(service, options));
    }

    /** Opens the page and signs in through its form. */
    void signIn(URI page, String name, String workspace, String channel) {
        driver.get(page.toString());
        WebElement form = until(d -> d.findElement(By.id("sign-in")));
        fill(form.findElement(By.name("name")), name);
        fill(form.findElement(By.name("workspace")), workspace);
        fill(form.findElement(By.name("channel")), channel);
        form.findElement(By.cssSelector("button[type=submit]")).click();
    }

    /** Moves the mouse over the shared board, to a point given as fractions of its size. */
    void pointAt(double x, double y) {
        WebElement board = driver.findElement(By.id("board"));
        int width = board.getRect().getWidth();
        int height = board.getRect().getHeight();
        new Actions(driver).moveToElement(board, (int) ((x - 0.5) * width), (int) ((y - 0.5) * height)).perform();
    }

    /** Makes the page believe its tab was hidden, as switching to another tab does. */
    void hideTab() {
        driver.executeScript("Object.defineProperty(document, 'hidden', { value: true, configurable: true });"
                + "document.dispatchEvent(new Event('visibilitychange'));");
    }

    void type(String text) {
        driver.findElement(By.id("message")).sendKeys(text);
    }

    /**
     * @return the value once {@code condition} returns one that is neither null nor false, within
     *     20 s; a condition that found an element the page re-rendered meanwhile is asked again
     */
    <T> T until(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).ignoring(NoSuchElementException.class)
                .ignoring(StaleElementReferenceException.class)
                .until(condition::apply);
    }

    /** @return the avatar of an actor once it is on the page */
    WebElement avatar(String actorId) {
        return until(d -> d.findElement(By.cssSelector("#avatars [data-actor='" + actorId + "']")));
    }

    /** Waits until the actor's avatar is gone. */
    void awaitNoAvatar(String actorId) {
        until(d -> d.findElements(By.cssSelector("#avatars [data-actor='" + actorId + "']")).isEmpty());
    }

    /** @return the actor's cursor once it is drawn at (x, y), given as fractions of the board */
    WebElement cursorAt(String actorId, double x, double y) {
        String at = String.format(Locale.ROOT, "[data-x='%.2f'][data-y='%.2f']", x, y);
        return until(d -> d.findElement(By.cssSelector("#board .cursor[data-actor='" + actorId + "']" + at)));
    }

    /** Waits until the element's text is exactly {@code text}. */
    void awaitText(String id, String text) {
        until(d -> text.equals(d.findElement(By.id(id)).getText()));
    }

    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    }

    /**
     * Saves what the page shows and logged, for a test that failed.
     *
     * @param name a file name without extension, under {@code target/}
     */
    void saveDiagnostics(String name) {
        if (quit) {
            return;
        }
        try {
            screenshot(Path.of("target", name + ".png"));
            String console = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .map(LogEntry::toString).collect(Collectors.joining("\n"));
            Files.writeString(Path.of("target", name + ".txt"), driver.getPageSource() + "\n\n--- console ---\n" + console);
        } catch (IOException | RuntimeException e) {
            e.printStackTrace();
        }
    }

    /** Quits the browser, closing its tab and socket the way a user closing the window does. */
    void quit() {
        if (!quit) {
            quit = true;
            driver.quit();
        }
    }

    @Override
    public void close() {
        quit();
    }

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.SEVERE);
        return logger;
    }

    private static void fill(WebElement input, String value) {
        input.clear();
        input.sendKeys(value);
    }
}

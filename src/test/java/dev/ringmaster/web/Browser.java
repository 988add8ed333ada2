package dev.ringmaster.web;

import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.ringmaster.support.Tokens;
import org.eclipse.microprofile.config.ConfigProvider;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The machine's Chromium (Debian's {@code /usr/bin/chromium}) driven by Playwright, headless. Playwright never
 * downloads a browser here: its Node driver comes from the driver-bundle jar and the browser is the system's.
 * Pages are opened at {@code 127.0.0.1} and the random test port, which the realm accepts as a loopback
 * redirect on any port.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("RINGMASTER_CHROMIUM", "/usr/bin/chromium"));
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final int DESKTOP_WIDTH = 1280;
    static final int DESKTOP_HEIGHT = 800;
    static final int NARROW_WIDTH = 390;
    static final int NARROW_HEIGHT = 844;

    private final Playwright playwright;
    private final com.microsoft.playwright.Browser browser;

    private Browser(Playwright playwright, com.microsoft.playwright.Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    static Browser launch() {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException("no Chromium at " + CHROMIUM + "; install it with: apt-get install -y chromium");
        }
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        com.microsoft.playwright.Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run", "--disable-gpu")));
        return new Browser(playwright, browser);
    }

    static String baseUrl() {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        return "http://127.0.0.1:" + port;
    }

    /** A fresh browser session (no cookies) at desktop size. */
    BrowserContext session() {
        BrowserContext context = browser.newContext(new NewContextOptions().setViewportSize(DESKTOP_WIDTH, DESKTOP_HEIGHT)
                .setBaseURL(baseUrl()));
        // Two cores shared with other builds: Keycloak's first login page can take a while to render.
        context.setDefaultTimeout(60_000);
        return context;
    }

    /** Opens {@code path}, which sends the browser through Keycloak's real login page, and signs in there. */
    static Page signIn(BrowserContext context, String username, String path) {
        Page page = context.newPage();
        page.navigate(path);
        try {
            // With organizations on, Keycloak asks for the username first and for the password on a second page.
            page.locator("#username").fill(username);
            page.locator("#kc-login").click();
            page.locator("#password").fill(Tokens.PASSWORD);
            page.locator("#kc-login").click();
            page.waitForURL(url -> url.startsWith(baseUrl() + "/console"));
        } catch (com.microsoft.playwright.PlaywrightException e) {
            String text = page.locator("body").innerText();
            throw new IllegalStateException("sign-in as " + username + " stuck at " + page.url() + ": "
                    + text.substring(0, Math.min(600, text.length())), e);
        }
        return page;
    }

    /**
     * Checks the page with axe-core (no serious or critical violation, see {@link Axe}) and saves it, at desktop and
     * at phone width, under target/screenshots/: every page a browser test shows is also checked.
     */
    static void screenshots(Page page, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        page.setViewportSize(DESKTOP_WIDTH, DESKTOP_HEIGHT);
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + "-desktop.png")).setFullPage(true));
        Axe.check(page, name);
        page.setViewportSize(NARROW_WIDTH, NARROW_HEIGHT);
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + "-narrow.png")).setFullPage(true));
        // Narrow pages hide columns and wrap controls: checked again as a phone shows them.
        try {
            Axe.check(page, name + " (narrow)");
        } finally {
            page.setViewportSize(DESKTOP_WIDTH, DESKTOP_HEIGHT);
        }
    }

    boolean connected() {
        return browser.isConnected();
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}

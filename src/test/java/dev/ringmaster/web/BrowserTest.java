package dev.ringmaster.web;

import org.junit.jupiter.api.BeforeAll;

/**
 * One headless Chromium for every browser test class of the run, started before the first one's first test and
 * closed when the test JVM exits. Each test opens its own session (fresh cookies) in it, so sharing it shares no
 * state; starting Playwright's driver and Chromium anew for each of the fifteen classes cost a few seconds each.
 */
abstract class BrowserTest {

    static Browser browser;

    @BeforeAll
    static synchronized void launch() {
        // A Chromium that died in an earlier class is replaced rather than failing every class after it.
        if (browser == null || !browser.connected()) {
            Browser launched = Browser.launch();
            Runtime.getRuntime().addShutdownHook(new Thread(launched::close, "browser-close"));
            browser = launched;
        }
    }
}

package dev.ringmaster.web;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One headless Chromium per browser test class, started before its first test and closed after its last. */
abstract class BrowserTest {

    static Browser browser;

    @BeforeAll
    static void launch() {
        browser = Browser.launch();
    }

    @AfterAll
    static void close() {
        browser.close();
    }
}

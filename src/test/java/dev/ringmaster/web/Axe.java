package dev.ringmaster.web;

import com.microsoft.playwright.Page;
import dev.ringmaster.support.TestJvmFolder;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The automated accessibility check: axe-core, installed from the npm registry into {@code target/axe-fork-<n>} on first
 * use (pinned, never committed), injected into the page as a script and run there. Serious and critical
 * violations fail the test; minor and moderate ones are left to people, as axe's own docs advise.
 */
final class Axe {

    static final String VERSION = "4.10.3";
    /** One per test JVM: two JVMs running npm into one folder at once could leave it half written. */
    private static final Path HOME = TestJvmFolder.of("axe");
    private static final Path SCRIPT = HOME.resolve("node_modules/axe-core/axe.min.js");
    private static final String RUN = """
            async () => {
              const result = await axe.run(document, { resultTypes: ['violations'] });
              return result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => ({ id: v.id, impact: v.impact, help: v.help,
                             nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\\s+/g, ' ')).join(' | ') }));
            }""";

    /** Every page checked and every violation found in this JVM, for the summary the report quotes. */
    static final List<String> LOG = java.util.Collections.synchronizedList(new ArrayList<>());

    private static String script;

    private Axe() {
    }

    /** Fails with each serious or critical violation of the page as it stands (rule, impact, first elements). */
    static void check(Page page, String name) {
        List<String> found = violations(page);
        LOG.add(name + " (" + page.url() + "): " + (found.isEmpty() ? "no serious or critical violation" : found));
        if (!found.isEmpty()) {
            throw new AssertionError("accessibility of " + name + " at " + page.url() + ":\n  " + String.join("\n  ", found));
        }
    }

    @SuppressWarnings("unchecked")
    static List<String> violations(Page page) {
        page.addScriptTag(new Page.AddScriptTagOptions().setContent(script()));
        List<Map<String, Object>> violations = (List<Map<String, Object>>) page.evaluate(RUN);
        return violations.stream()
                .map(v -> v.get("impact") + " " + v.get("id") + ": " + v.get("help") + " — " + v.get("nodes"))
                .toList();
    }

    private static synchronized String script() {
        if (script == null) {
            try {
                if (!Files.isRegularFile(SCRIPT)) {
                    install();
                }
                script = Files.readString(SCRIPT);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return script;
    }

    private static void install() throws IOException {
        Files.createDirectories(HOME);
        Path log = HOME.resolve("npm.log");
        // Not the test JVM's own standard streams: surefire talks to this JVM through them, and node sets an inherited
        // stdin non-blocking, which broke surefire's reads ("std/in stream corrupted") when the suite's parts ran side
        // by side.
        Process npm = new ProcessBuilder("npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix",
                HOME.toString(), "axe-core@" + VERSION).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0 || !Files.isRegularFile(SCRIPT)) {
                npm.destroy();
                throw new IllegalStateException("could not install axe-core " + VERSION + " with npm into " + HOME
                        + "; npm said: " + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

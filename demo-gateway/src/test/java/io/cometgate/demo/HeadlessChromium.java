package io.cometgate.demo;

import java.nio.file.Path;
import java.util.List;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/** The browser tests' Chromium: headless, its console kept, and printed when it is closed. */
final class HeadlessChromium {

    private HeadlessChromium() {
    }

    /**
     * A browser with a driver service of its own (quitting the browser stops its service). The driver is given, so
     * Selenium Manager never tries to download one.
     */
    static ChromeDriver open(Path chromium, Path driver) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1000,1000", "--no-first-run", "--disable-extensions");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(driver.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Prints the page's console (it explains a failed step) and quits the browser; nothing when none was opened. */
    static void close(ChromeDriver browser) {
        if (browser != null) {
            List<LogEntry> console = browser.manage().logs().get(LogType.BROWSER).getAll();
            console.forEach((entry) -> System.out.println("[browser] " + entry.getLevel() + " " + entry.getMessage()));
            browser.quit();
        }
    }

}

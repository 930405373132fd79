package io.github.hrwebhookhub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.github.hrwebhookhub.HubLauncher;
import io.github.hrwebhookhub.support.HubTestSupport;
import io.github.hrwebhookhub.support.WebhookSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An ops person in a real (headless Chromium) browser: logs in, opens Hawtio, finds the hub's routes on the Camel tab
 * and its queues among the broker's, and leaves screenshots under target/.
 */
class HawtioBrowserIT {

    @TempDir
    Path work;

    private ConfigurableApplicationContext hub;
    private WebDriver browser;

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (hub != null) {
            hub.close();
        }
    }

    private static WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1600,1000");
        // the distribution's driver: nothing is downloaded
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new java.io.File("/usr/bin/chromedriver")).build();
        return new ChromeDriver(service, options);
    }

    private void screenshot(String name) throws Exception {
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.write(target, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private void waitForText(String... texts) {
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(driver -> {
            String source = driver.getPageSource();
            for (String text : texts) {
                if (!source.contains(text)) {
                    return false;
                }
            }
            return true;
        });
    }

    @Test
    void opsPersonLogsInAndSeesRoutesAndQueuesInHawtio() throws Exception {
        Map<String, Object> settings = HubLauncher.settings(work.resolve("data"));
        hub = HubLauncher.start(settings);
        int port = HubLauncher.port(hub);
        new WebhookSender(port).sendEvent("demo", HubTestSupport.SOURCE_SECRET, "msg_" + UUID.randomUUID(), "employee.created");

        browser = chromium();
        String base = "http://127.0.0.1:" + port;
        browser.get(base + "/actuator/hawtio/");
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> !d.findElements(By.name("username")).isEmpty());
        browser.findElement(By.name("username")).sendKeys(HubTestSupport.OPS_USER);
        browser.findElement(By.name("password")).sendKeys(HubTestSupport.OPS_PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();

        browser.get(base + "/actuator/hawtio/camel/routes");
        waitForText("intake", "routing", "delivery-payroll", "delivery-hris", "delivery-messaging");
        screenshot("hawtio-camel-routes.png");

        // the broker's queues in the JMX tree, with their message counts
        browser.get(base + "/actuator/hawtio/jmx");
        waitForText("org.apache.activemq.artemis");
        browser.findElement(By.xpath("//button[contains(., 'Expand all')]")).click();
        try {
            waitForText("hr.deliver.payroll", "hr.dlq.payroll", "hr.unrouted", "hr.events");
            java.util.List<org.openqa.selenium.WebElement> nodes = browser.findElements(By.xpath("//*[normalize-space(text())='hr.dlq.payroll']"));
            nodes.get(nodes.size() - 1).click();
            waitForText("MessageCount");
        } finally {
            screenshot("hawtio-artemis-queues.png");
        }
        assertThat(browser.getPageSource()).contains("MessageCount");
    }
}

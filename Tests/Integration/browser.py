"""Headless Chromium driven by Selenium, for the page tests and the page benchmark.

Uses Debian's `chromium` and `chromium-driver` (/usr/bin/chromedriver), never a downloaded browser or driver.
"""
import os
import shutil
from pathlib import Path

CHROMIUM_NAMES = ("chromium", "chromium-browser")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def chromium_path() -> str | None:
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def start_chromium(chromium: str, chromedriver: str, width: int = 1400, height: int = 1000):
    """A headless Chromium session; the caller quits it."""
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must not look for drivers on the network
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", f"--window-size={width},{height}",
                     "--disable-dev-shm-usage", "--disable-extensions", "--no-first-run"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)


def wait_until(driver, condition, timeout: float = 30, what: str = "the condition"):
    """condition(driver)'s first truthy value, polled every 0.1 s until the deadline; fails naming `what`."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    def check(d):
        try:
            return condition(d)
        except StaleElementReferenceException:  # the page re-rendered under us: look again
            return False

    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(check, f"timed out waiting for {what}")


def screenshot(driver, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path

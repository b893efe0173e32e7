"""Drive a `map` web page in headless Chromium and report what a user would see, as JSON.

Run by tests/test_map_browser.py in a process of its own (the test process refuses every socket,
and Selenium talks to chromedriver over one on localhost):

    python tests/browser.py '{"page": "/tmp/map.html", "out": "/tmp/shots", "hover": "carol", ...}'

It opens the page from the local file, then: lists the console messages and every request the
page made; checks that every person, label and the legend are inside the window and apart;
hovers a person and reads the tooltip; zooms with the button and the wheel, pans by dragging;
types a search; picks a path in the legend. Screenshots of each step go to "out".
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.actions.wheel_input import ScrollOrigin
from selenium.webdriver.common.by import By

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

#: Boxes of everything drawn, the stage and the legend, in window pixels.
_BOXES = """
function box(el) { var r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }
var out = {stage: box(document.getElementById('stage')), legend: box(document.getElementById('legend')),
           window: [0, 0, window.innerWidth, window.innerHeight], drawn: {}};
document.querySelectorAll('#map .person').forEach(function (g) { out.drawn[g.getAttribute('data-id')] = box(g); });
document.querySelectorAll('#legend li').forEach(function (li, i) { out.drawn['legend ' + i] = box(li); });
return out;
"""


def boxes(driver: Any) -> dict[str, Any]:
    return driver.execute_script(_BOXES)  # type: ignore[no-any-return]


def transform(driver: Any) -> str:
    return driver.find_element(By.ID, "view").get_attribute("transform") or ""


def picked(driver: Any) -> list[str]:
    return sorted(g.get_attribute("data-id") for g in driver.find_elements(By.CSS_SELECTOR, "#map .person.on"))


def main(args: dict[str, Any]) -> dict[str, Any]:
    out = Path(args["out"])
    out.mkdir(parents=True, exist_ok=True)
    profile = tempfile.mkdtemp(prefix="warmintro-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = args.get("chromium", "/usr/bin/chromium")
    for flag in (*FLAGS, f"--user-data-dir={profile}", "--window-size=1400,900"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(args.get("chromedriver", "/usr/bin/chromedriver")), options=options)
    report: dict[str, Any] = {}
    try:
        report["uri"] = Path(args["page"]).resolve().as_uri()
        driver.get(report["uri"])
        report["title"] = driver.title
        report["wide"] = boxes(driver)
        driver.save_screenshot(str(out / "1-wide.png"))
        driver.set_window_size(700, 1100)
        report["narrow"] = boxes(driver)
        driver.save_screenshot(str(out / "2-narrow.png"))
        driver.set_window_size(1400, 900)

        person = driver.find_element(By.CSS_SELECTOR, f'#map .person[data-id="{args["hover"]}"] circle')
        ActionChains(driver).move_to_element(person).perform()
        tip = driver.find_element(By.ID, "tip")
        report["tip"] = tip.text if tip.is_displayed() else None
        report["hover_picked"] = picked(driver)
        driver.save_screenshot(str(out / "3-hover.png"))
        ActionChains(driver).move_by_offset(0, 0).move_to_element(driver.find_element(By.TAG_NAME, "h1")).perform()
        report["tip_after"] = tip.is_displayed()

        report["transform_start"] = transform(driver)
        driver.find_element(By.ID, "zoom-in").click()
        report["transform_button"] = transform(driver)
        stage = driver.find_element(By.ID, "stage")
        ActionChains(driver).scroll_from_origin(ScrollOrigin.from_element(stage), 0, -300).perform()
        report["transform_wheel"] = transform(driver)
        ActionChains(driver).move_to_element_with_offset(stage, -300, -200).click_and_hold().move_by_offset(
            120, 80
        ).release().perform()
        report["transform_drag"] = transform(driver)
        driver.save_screenshot(str(out / "4-zoomed.png"))
        driver.find_element(By.ID, "zoom-reset").click()
        report["transform_reset"] = transform(driver)

        search = driver.find_element(By.ID, "search")
        search.send_keys(args["search"])
        report["found"] = driver.find_element(By.ID, "found").text
        report["search_picked"] = picked(driver)
        driver.save_screenshot(str(out / "5-search.png"))
        search.clear()
        search.send_keys(" ")
        search.clear()

        if args.get("organisation") is not None:
            orgs = driver.find_elements(By.CSS_SELECTOR, "#legend [data-colour]")
            chosen = next(item for item in orgs if item.text.startswith(args["organisation"]))
            chosen.click()
            report["organisation_picked"] = picked(driver)
            driver.save_screenshot(str(out / "6-organisation.png"))
            chosen.click()  # and let go again
            report["organisation_after"] = picked(driver)

        items = driver.find_elements(By.CSS_SELECTOR, "#legend [data-path]")
        report["paths"] = [item.text for item in items]
        if items and args.get("path") is not None:
            items[args["path"]].click()
            report["path_picked"] = picked(driver)
            driver.save_screenshot(str(out / "6-path.png"))

        report["console"] = [entry["message"] for entry in driver.get_log("browser")]
        page, remote = [], []
        for entry in driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"] == "Network.requestWillBeSent":
                url = message["params"]["request"]["url"]
                if message["params"].get("documentURL") == report["uri"]:
                    page.append(url)  # what the page asked for
                if not url.startswith(("file:", "data:", "chrome:", "chrome-extension:", "about:")):
                    remote.append(url)  # anything that could reach a network, whoever asked
        report["requests"], report["remote"] = page, remote
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    return report


if __name__ == "__main__":
    print(json.dumps(main(json.loads(sys.argv[1]))))

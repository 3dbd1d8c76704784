"""The web page in a real browser: Debian's headless Chromium driven by selenium and the system
chromedriver (no browser is downloaded), against ``policydocs serve`` as a user starts it.

A staff member's morning: search → open a document → review a link → the 台账 shows the decision →
export downloads an xlsx that opens. ``POLICYDOCS_SCREENSHOTS=DIR`` keeps screenshots of the pages
(the README's come from there). Skipped where chromium or chromedriver is not installed
(.ci/run installs both).
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from test_serve import free_port, serving

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="needs chromium and chromedriver (apt-get install chromium chromium-driver)")
AS_OF = "2019-03-05"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    from policydocs.batch import ingest

    path = tmp_path_factory.mktemp("web") / "policydocs.db"
    report = ingest(["corpora/govreport/2018_国务院政府工作报告.txt", "corpora/govreport/2019_国务院政府工作报告.txt",
                     "corpora/seeds"], db=str(path))
    assert report.ok, report.failed
    return path


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-proxy-server",
                "--window-size=1600,1000", "--lang=zh-CN", "--disable-extensions"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False,
                                              "safebrowsing.enabled": False})
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    driver.set_page_load_timeout(30)
    driver.downloads = downloads
    try:
        yield driver
    finally:
        driver.quit()


def _wait(predicate, seconds: float = 10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    return predicate()


def _shot(driver, name: str, height: int | None = None) -> None:
    folder = os.environ.get("POLICYDOCS_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        if height:
            driver.set_window_size(1600, height)
        driver.save_screenshot(str(Path(folder) / f"{name}.png"))
        driver.set_window_size(1600, 1000)


def test_search_document_review_ledger_export(db, browser):
    from selenium.webdriver.common.by import By

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with serving(db, port, "--as-of", AS_OF):
        # 检索: one box, the kind filter, hits with the match highlighted
        browser.get(f"{base}/search")
        box = browser.find_element(By.CSS_SELECTOR, "form.search input[name=q]")
        box.send_keys("医共体")
        browser.find_element(By.CSS_SELECTOR, "form.search select[name=kind] option[value=target]").click()
        browser.find_element(By.CSS_SELECTOR, "form.search button[type=submit]").click()
        assert _wait(lambda: browser.find_elements(By.CSS_SELECTOR, "li.hit")), browser.page_source[:2000]
        assert "q=%E5%8C%BB%E5%85%B1%E4%BD%93" in browser.current_url and "kind=target" in browser.current_url
        assert browser.find_element(By.CSS_SELECTOR, "li.hit mark").text == "医共体"
        # 文件: the hit opens its document, statements highlighted; a click shows the record
        browser.find_element(By.CSS_SELECTOR, "li.hit a.title").click()
        assert _wait(lambda: browser.find_elements(By.CSS_SELECTOR, "mark.st-target"))
        browser.find_elements(By.CSS_SELECTOR, "mark.st-target a")[0].click()
        assert _wait(lambda: browser.find_elements(By.CSS_SELECTOR, "#panel .statement table.record-table")), \
            browser.find_element(By.ID, "panel").text
        assert "时限" in browser.find_element(By.ID, "panel").text
        _shot(browser, "document")
        # 核对: a row of the national 台账 with a linked actual; reject it (htmx, no reload)
        browser.get(f"{base}/ledger?region=%E5%85%A8%E5%9B%BD")
        rows = browser.find_elements(By.CSS_SELECTOR, "table.ledger tbody tr")
        linked = [r for r in rows if r.find_elements(By.CSS_SELECTOR, "td.status-0")]
        assert linked, "no 已完成 row to review"
        key = linked[0].get_attribute("id").removeprefix("row-")
        _shot(browser, "ledger", height=1100)
        linked[0].find_element(By.LINK_TEXT, "核对").click()
        assert _wait(lambda: browser.find_elements(By.ID, "reject"))
        browser.find_element(By.NAME, "who").send_keys("王科员")
        browser.find_element(By.ID, "reject").click()
        assert _wait(lambda: "已保存" in browser.find_element(By.ID, "review").text, 40), browser.page_source[:3000]
        assert "王科员" in browser.find_element(By.CSS_SELECTOR, "table.history").text
        # 台账: the decision shows on the row
        browser.get(f"{base}/ledger?region=%E5%85%A8%E5%9B%BD")
        row = browser.find_element(By.ID, f"row-{key}")
        assert "人工否决" in row.text, row.text
        # export: the xlsx of `policydocs checklist`, with the decision in it, opens
        browser.find_element(By.ID, "export-xlsx").click()
        xlsx = _wait(lambda: [p for p in browser.downloads.glob("*.xlsx")], 20)
        assert xlsx, list(browser.downloads.iterdir())
        from openpyxl import load_workbook

        sheet = load_workbook(xlsx[0], read_only=True).active
        cells = [[c for c in r] for r in sheet.iter_rows(values_only=True)]
        headers = next(r for r in cells if r and "编号" in r)
        mine = [r for r in cells if r and key in r]
        assert mine and "人工否决" in str(mine[0][headers.index("链接依据")])

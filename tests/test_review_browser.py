"""The review page in a real browser: Debian's chromium, driven headless through Selenium.

The page must load from disk with nothing fetched, list the doubtful cells of a known
report, mark the cell's own characters in its source text, and filter.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from gold_compare import DOCUMENTS

from retable.cli import main

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="chromium and chromedriver are not installed "
    "(apt-get install chromium chromium-driver; .ci/run does so as root)",
)

PINGTAN = str(DOCUMENTS / "corpus" / "009_pingtan-zone-2023.txt")
ZHENJIANG = str(DOCUMENTS / "seeds" / "002_7eb68c448bcdd812.txt")


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("review") / "review.html"
    result = CliRunner().invoke(main, ["review", PINGTAN, ZHENJIANG, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def browser():
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(arg)
    # The driver named outright: Selenium Manager would otherwise look for one online.
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


def test_page_loads_lists_the_known_cells_and_marks_their_span(page, browser):
    from selenium.webdriver.common.by import By

    browser.get(page.as_uri())
    assert browser.title == "retable review: 49 cells"
    sections = browser.find_elements(By.CSS_SELECTOR, "section.doubt")
    assert len(sections) == 49  # 46 cells of 浈江区's failed identities, 3 of 平潭's cut
    assert browser.find_element(By.ID, "shown").text == "49"
    pingtan = [
        s for s in sections if "normative_documents" in s.find_element(By.TAG_NAME, "h2").text
    ]
    assert [s.find_element(By.CSS_SELECTOR, "b.value").text for s in pingtan] == [
        "470",
        "77",
        "132",
    ]
    for s in pingtan:
        assert s.find_element(By.CSS_SELECTOR, "mark.cell").text == "77132470"
        assert s.find_element(By.CSS_SELECTOR, "mark.cell").is_displayed()
    first = sections[0]
    assert "requests.new_received.natural_person" in first.find_element(By.TAG_NAME, "h2").text
    assert first.find_element(By.CSS_SELECTOR, "mark.cell").text == "1"
    assert "393 (the report's text says so)" in pingtan[0].text


def test_filter_keeps_the_matching_cells(page, browser):
    from selenium.webdriver.common.by import By

    browser.get(page.as_uri())
    browser.find_element(By.ID, "filter").send_keys("ambiguous_split")
    shown = [s for s in browser.find_elements(By.CSS_SELECTOR, "section.doubt") if s.is_displayed()]
    assert len(shown) == 3
    assert browser.find_element(By.ID, "shown").text == "3"

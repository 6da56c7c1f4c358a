#!/usr/bin/env python3
"""The report in a real browser (Chromium through Selenium and chromedriver), as a reader sees it
at 390 px (a phone) and 1280 px (a laptop): the page never scrolls sideways (wide tables scroll
inside their own box), no two legend entries of a chart overlap, nor two direct labels of the
cohort curves. Box positions are measured by the browser (getBoundingClientRect), not estimated.
A full-page screenshot per width is written to OUT_DIR.

    python3 report_layout.py REPORT.html OUT_DIR CHROMIUM CHROMEDRIVER
"""
import json, sys
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

report, out, chromium, chromedriver = sys.argv[1:5]
options = webdriver.ChromeOptions()
options.binary_location = chromium
for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--host-resolver-rules=MAP * ~NOTFOUND"]:
    options.add_argument(argument)
driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
results = {}
try:
    for width in (390, 1280):
        driver.set_window_size(width, 900)
        driver.get("file://" + report)
        layout = driver.execute_script("""
            const overlap = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
            const problems = [];
            for (const svg of document.querySelectorAll('figure svg')) {
                const id = svg.closest('figure').id;
                for (const selector of ['.legend-entry', '.line-label']) {
                    const boxes = [...svg.querySelectorAll(selector)].map(e => [e.textContent, e.getBoundingClientRect()]);
                    for (let i = 0; i < boxes.length; i++)
                        for (let j = i + 1; j < boxes.length; j++)
                            if (overlap(boxes[i][1], boxes[j][1])) problems.push(id + ': ' + boxes[i][0] + ' / ' + boxes[j][0]);
                }
                const figure = svg.getBoundingClientRect();
                if (figure.right > window.innerWidth + 0.5) problems.push(id + ': chart wider than the window');
            }
            return {innerWidth: window.innerWidth, scrollWidth: document.documentElement.scrollWidth,
                    height: document.documentElement.scrollHeight, problems: problems,
                    charts: document.querySelectorAll('figure svg').length};
        """)
        driver.set_window_size(width, min(layout["height"], 16000))
        driver.save_screenshot(f"{out}/report-{width}px.png")
        results[str(width)] = layout
finally:
    driver.quit()
print(json.dumps(results))

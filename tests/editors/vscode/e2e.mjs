// Drives the real VS Code workbench (code-server, started by run.sh) in headless Chromium with
// playwright-core: opens the fixture's Vulnerable.java, waits for SecLens' java/weak-hash problem at
// Ln 7, Col 16, screenshots the Problems panel, and, when the server offers code actions, applies the
// "Use SHA-256" quick fix and waits for the problem to go.
//
// Environment (set by run.sh): CODE_SERVER_URL, PROJECT_DIR, ARTIFACTS_DIR, TOOLS_DIR, CHROMIUM,
// SECLENS_JAR; optional README_SCREENSHOT (a path to copy the Problems panel screenshot to).
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const env = (name) => {
    const value = process.env[name];
    if (!value) {
        fail(`${name} is not set (run.sh sets it)`);
    }
    return value;
};
const url = env('CODE_SERVER_URL');
const project = env('PROJECT_DIR');
const artifacts = env('ARTIFACTS_DIR');
const tools = env('TOOLS_DIR');
const chromiumPath = env('CHROMIUM');
const jar = env('SECLENS_JAR');
const readmeScreenshot = process.env.README_SCREENSHOT;

const TOTAL_LIMIT_MS = 170_000;
const DIAGNOSTIC_LIMIT_MS = 90_000;
const FIX_LIMIT_MS = 30_000;
const RULE = 'java/weak-hash';
const POSITION = 'Ln 7, Col 16';
const FIXED_TEXT = 'getInstance("SHA-256")';

const { chromium } = createRequire(join(tools, 'package.json'))('playwright-core');

const started = Date.now();
let browser;
let page;

function log(message) {
    console.log(`vscode e2e [${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);
}

function fail(message) {
    console.error(`vscode e2e: FAILED: ${message}`);
    process.exit(1);
}

/** Fails the test, after a screenshot of whatever the browser shows. */
async function failWithScreenshot(message) {
    if (page) {
        const file = join(artifacts, 'failure.png');
        await page.screenshot({ path: file, timeout: 10_000 }).then(() => console.error(`vscode e2e: screenshot of the failure: ${file}`), () => {});
        const problems = await page.locator('.markers-panel').innerText({ timeout: 2_000 }).catch(() => '(Problems panel not open)');
        console.error(`vscode e2e: the Problems panel shows:\n${problems}`);
    }
    await browser?.close().catch(() => {});
    fail(message);
}

const watchdog = setTimeout(() => {
    setTimeout(() => fail(`timed out after ${TOTAL_LIMIT_MS / 1000} s`), 15_000).unref();
    void failWithScreenshot(`timed out after ${TOTAL_LIMIT_MS / 1000} s`);
}, TOTAL_LIMIT_MS);

/** Polls until check() returns a truthy value, failing after limitMs with what(). */
async function waitFor(what, limitMs, check, intervalMs = 250) {
    const deadline = Date.now() + limitMs;
    for (;;) {
        const value = await check().catch(() => undefined);
        if (value) {
            return value;
        }
        if (Date.now() > deadline) {
            await failWithScreenshot(`${what} (waited ${limitMs / 1000} s)`);
        }
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
}

/**
 * Whether the server offers code actions: its initialize result, over stdio, from the same jar. When
 * it does, the quick fix must work; when it does not, that part of the test is skipped.
 */
function serverOffersCodeActions() {
    return new Promise((resolve, reject) => {
        const server = spawn('java', ['-jar', jar, 'lsp'], { stdio: ['pipe', 'pipe', 'ignore'] });
        const timer = setTimeout(() => {
            server.kill('SIGKILL');
            reject(new Error('the server did not answer initialize within 30 s'));
        }, 30_000);
        let buffer = Buffer.alloc(0);
        server.on('error', reject);
        server.stdout.on('data', (chunk) => {
            buffer = Buffer.concat([buffer, chunk]);
            for (;;) {
                const headerEnd = buffer.indexOf('\r\n\r\n');
                if (headerEnd < 0) {
                    return;
                }
                const length = Number(/Content-Length: *(\d+)/i.exec(buffer.subarray(0, headerEnd).toString())?.[1]);
                if (buffer.length < headerEnd + 4 + length) {
                    return;
                }
                const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString());
                buffer = buffer.subarray(headerEnd + 4 + length);
                if (message.id === 1) {
                    clearTimeout(timer);
                    send({ jsonrpc: '2.0', id: 2, method: 'shutdown' });
                    send({ jsonrpc: '2.0', method: 'exit' });
                    server.stdin.end();
                    setTimeout(() => server.kill('SIGKILL'), 5_000).unref();
                    resolve(Boolean(message.result?.capabilities?.codeActionProvider));
                }
            }
        });
        function send(message) {
            const body = Buffer.from(JSON.stringify(message));
            server.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
            server.stdin.write(body);
        }
        send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {} } });
    });
}

/** The editor's visible text, with Monaco's non-breaking spaces as spaces. */
async function editorText() {
    const text = await page.locator('.editor-instance .monaco-editor .view-lines').first().innerText({ timeout: 2_000 });
    return text.replace(/\u00a0/g, ' ');
}

/** The Problems panel row of the SecLens weak-hash problem, when it is there. */
function weakHashRow() {
    return page.locator('.markers-panel .monaco-list-row', { hasText: RULE });
}

/** "SecLens: Scan workspace" from the Command Palette answers with a SecLens notification. */
async function runScanWorkspace() {
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type('SecLens: Scan workspace');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'SecLens: Scan workspace' }).first().waitFor();
    await page.keyboard.press('Enter');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: /SecLens|scan/i }).first();
    await toast.waitFor({ timeout: 30_000 }).catch(() => failWithScreenshot('no notification after "SecLens: Scan workspace"'));
    log(`"SecLens: Scan workspace": ${(await toast.innerText()).replace(/\s+/g, ' ').trim()}`);
    await page.keyboard.press('Escape');
    await page.locator('.notifications-toasts .notification-toast .codicon-notifications-clear').first().click({ timeout: 2_000 }).catch(() => {});
}

async function main() {
    mkdirSync(artifacts, { recursive: true });
    const codeActions = await serverOffersCodeActions();
    log(`the server ${codeActions ? 'offers' : 'does not offer'} code actions`);

    await waitFor(`code-server answering at ${url}`, 60_000, async () => (await fetch(`${url}/healthz`)).ok, 500);
    browser = await chromium.launch({
        executablePath: chromiumPath,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
            '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (error) => log(`page error: ${error.message}`));

    await page.goto(`${url}/?folder=${encodeURIComponent(project)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
    log('workbench open on the fixture project');

    // Quick Open (Ctrl+P) finds the file with ripgrep; the Explorer would need the compact folder opened first.
    await waitFor('Vulnerable.java open in an editor', 30_000, async () => {
        if (!(await page.locator('.quick-input-widget').isVisible())) {
            await page.locator('.monaco-workbench').click({ position: { x: 600, y: 300 } }).catch(() => {});
            await page.keyboard.press('Control+P');
            await page.locator('.quick-input-widget input').waitFor({ timeout: 5_000 });
            await page.keyboard.type('Vulnerable.java');
        }
        const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Vulnerable.java' }).first();
        await row.waitFor({ timeout: 5_000 });
        await page.keyboard.press('Enter');
        await page.locator('.tab', { hasText: 'Vulnerable.java' }).waitFor({ timeout: 5_000 });
        return (await editorText()).includes('MessageDigest.getInstance("MD5")');
    }, 1_000);
    log('Vulnerable.java is open');

    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel').waitFor({ timeout: 20_000 });
    log('Problems panel open; waiting for the SecLens problem');
    const rowText = await waitFor(`the SecLens ${RULE} problem at ${POSITION} in the Problems panel`, DIAGNOSTIC_LIMIT_MS, async () => {
        const text = await weakHashRow().first().innerText({ timeout: 1_000 });
        return text.includes(POSITION) && text.toLowerCase().includes('seclens') ? text : undefined;
    }, 500);
    log(`Problems panel: ${rowText.replace(/\s+/g, ' ').trim()}`);

    await waitFor('the SecLens status bar item saying the server runs', 10_000,
        () => page.locator('.statusbar-item[aria-label="SecLens: running"]').isVisible());
    log('status bar: SecLens running');

    await weakHashRow().first().click();
    await page.waitForTimeout(500);
    const screenshot = join(artifacts, 'problems-panel.png');
    await page.screenshot({ path: screenshot });
    log(`screenshot: ${screenshot}`);
    if (readmeScreenshot) {
        copyFileSync(screenshot, readmeScreenshot);
        log(`screenshot copied to ${readmeScreenshot}`);
    }

    await runScanWorkspace();

    if (!codeActions) {
        console.log('code actions not offered by this server: skipped');
        return;
    }

    // A click on "MD5" puts the cursor inside the problem's range in the editor; Ctrl+. there lists its fixes.
    await page.locator('.editor-instance .view-lines span span', { hasText: /^"MD5"$/ }).first().click();
    await page.waitForTimeout(300);
    const fix = await waitFor('the "Use SHA-256" quick fix after Ctrl+.', FIX_LIMIT_MS, async () => {
        if (!(await page.locator('.action-widget').isVisible())) {
            await page.keyboard.press('Control+.');
            await page.locator('.action-widget').waitFor({ timeout: 3_000 });
        }
        const item = page.locator('.action-widget .monaco-list-row', { hasText: 'Use SHA-256' }).first();
        if (await item.isVisible()) {
            return item;
        }
        log(`code actions shown: ${(await page.locator('.action-widget').innerText()).replace(/\s+/g, ' ').trim()}`);
        await page.keyboard.press('Escape');
        return undefined;
    }, 1_000);
    log(`applying "${(await fix.innerText()).replace(/\s+/g, ' ').trim()}"`);
    // The keyboard, as a user would: move the focus to the fix in the list, then Enter.
    for (let i = 0; i < 10; i++) {
        const focused = await page.locator('.action-widget .monaco-list-row.focused').first().innerText({ timeout: 2_000 }).catch(() => '');
        if (focused.includes('Use SHA-256')) {
            break;
        }
        await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    await waitFor(`the editor text containing ${FIXED_TEXT}`, FIX_LIMIT_MS, async () => (await editorText()).includes(FIXED_TEXT));
    log(`the editor now reads ${FIXED_TEXT}`);
    await waitFor(`the ${RULE} problem gone from the Problems panel`, FIX_LIMIT_MS,
        async () => {
            const gone = async () => (await weakHashRow().count()) === 0 && (await page.locator('.markers-panel').isVisible());
            // Twice, a second apart: not a list in the middle of re-rendering.
            return (await gone()) && (await new Promise((resolve) => setTimeout(resolve, 1_000))) === undefined && (await gone());
        });
    log(`the ${RULE} problem is gone`);
    await page.screenshot({ path: join(artifacts, 'after-quick-fix.png') });
}

try {
    await main();
    await browser?.close();
    clearTimeout(watchdog);
    log('passed');
} catch (error) {
    clearTimeout(watchdog);
    await failWithScreenshot(error instanceof Error ? error.stack ?? error.message : String(error));
}

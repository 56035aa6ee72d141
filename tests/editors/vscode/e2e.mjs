// Drives the real VS Code workbench (code-server, started by run.sh) in headless Chromium with
// playwright-core: opens the fixture's Vulnerable.java, waits for SecLens' java/weak-hash problem at
// Ln 7, Col 16, screenshots the Problems panel, applies the "Use SHA-256" quick fix and waits for the
// problem to go; accepts the finding of Accepted.java and sees it go with no other action; opens the
// rule documentation from Configured.java's problem; writes .seclens.json and sees the open
// Configured.java and the closed Closed.java lose their problems.
//
// Environment (set by run.sh): CODE_SERVER_URL, PROJECT_DIR, ARTIFACTS_DIR, TOOLS_DIR, CHROMIUM,
// SECLENS_JAR; optional SCREENSHOTS_DIR (where to copy the screenshots the extension's README shows).
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
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
const screenshotsDir = process.env.SCREENSHOTS_DIR;

const TOTAL_LIMIT_MS = 260_000;
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

/** The Problems panel row of Vulnerable.java's SecLens weak-hash problem (the only one on line 7). */
function weakHashRow() {
    return page.locator('.markers-panel .monaco-list-row', { hasText: RULE }).filter({ hasText: POSITION });
}

/** A screenshot in the artefacts, copied to SCREENSHOTS_DIR too when set. */
async function screenshot(name) {
    const file = join(artifacts, name);
    await page.screenshot({ path: file });
    log(`screenshot: ${file}`);
    if (screenshotsDir) {
        copyFileSync(file, join(screenshotsDir, name));
        log(`screenshot copied to ${join(screenshotsDir, name)}`);
    }
}

/** Opens a fixture file with Quick Open (Ctrl+P) and waits until the editor shows `expected`. */
async function openFile(name, expected) {
    await waitFor(`${name} open in an editor`, 30_000, async () => {
        if (!(await page.locator('.quick-input-widget').isVisible())) {
            await page.locator('.monaco-workbench').click({ position: { x: 600, y: 300 } }).catch(() => {});
            await page.keyboard.press('Control+P');
            await page.locator('.quick-input-widget input').waitFor({ timeout: 5_000 });
            await page.keyboard.type(name);
        }
        const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first();
        await row.waitFor({ timeout: 5_000 });
        await page.keyboard.press('Enter');
        await page.locator('.tab.active', { hasText: name }).waitFor({ timeout: 5_000 });
        return (await editorText()).includes(expected);
    }, 1_000);
    log(`${name} is open`);
}

/** Runs a command by its title from the Command Palette. */
async function runCommand(title) {
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type(title);
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor();
    await page.keyboard.press('Enter');
}

/** Ctrl+. at the current cursor; picks the code action whose title contains `title`. */
async function applyCodeAction(title, screenshotName) {
    const action = await waitFor(`the "${title}" code action after Ctrl+.`, FIX_LIMIT_MS, async () => {
        if (!(await page.locator('.action-widget').isVisible())) {
            await page.keyboard.press('Control+.');
            await page.locator('.action-widget').waitFor({ timeout: 3_000 });
        }
        const item = page.locator('.action-widget .monaco-list-row', { hasText: title }).first();
        if (await item.isVisible()) {
            return item;
        }
        log(`code actions shown: ${(await page.locator('.action-widget').innerText()).replace(/\s+/g, ' ').trim()}`);
        await page.keyboard.press('Escape');
        return undefined;
    }, 1_000);
    if (screenshotName) {
        await screenshot(screenshotName);
    }
    log(`applying "${(await action.innerText()).replace(/\s+/g, ' ').trim()}"`);
    // The keyboard, as a user would: move the focus to the action in the list, then Enter.
    for (let i = 0; i < 12; i++) {
        const focused = await page.locator('.action-widget .monaco-list-row.focused').first().innerText({ timeout: 2_000 }).catch(() => '');
        if (focused.includes(title)) {
            break;
        }
        await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
}

/** Whether the Problems panel lists a problem of the file `name` (its file row is there). */
async function problemsListFile(name) {
    const text = await page.locator('.markers-panel').innerText({ timeout: 2_000 });
    return text.includes(name);
}

/** Waits until `check` holds twice, a second apart: not a list in the middle of re-rendering. */
async function waitSteady(what, check) {
    await waitFor(what, FIX_LIMIT_MS, async () =>
        (await check()) && (await new Promise((resolve) => setTimeout(resolve, 1_000))) === undefined && (await check()));
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
    await screenshot('problems-panel.png');

    await runScanWorkspace();

    if (!codeActions) {
        console.log('code actions not offered by this server: skipped');
        return;
    }

    // A click on "MD5" puts the cursor inside the problem's range in the editor; Ctrl+. there lists its fixes.
    await page.locator('.editor-instance .view-lines span span', { hasText: /^"MD5"$/ }).first().click();
    await page.waitForTimeout(300);
    await applyCodeAction('Use SHA-256', 'quick-fix.png');
    await waitFor(`the editor text containing ${FIXED_TEXT}`, FIX_LIMIT_MS, async () => (await editorText()).includes(FIXED_TEXT));
    log(`the editor now reads ${FIXED_TEXT}`);
    await waitSteady(`the ${RULE} problem gone from the Problems panel`,
        async () => (await weakHashRow().count()) === 0 && (await page.locator('.markers-panel').isVisible()));
    log(`the ${RULE} problem is gone`);
    await page.screenshot({ path: join(artifacts, 'after-quick-fix.png') });

    // Accept a finding: it goes from the Problems panel with no other action.
    await openFile('Accepted.java', 'getInstance("SHA-1")');
    await waitFor('Accepted.java in the Problems panel', DIAGNOSTIC_LIMIT_MS, () => problemsListFile('Accepted.java'), 500);
    await page.locator('.editor-instance .view-lines span span', { hasText: /^"SHA-1"$/ }).first().click();
    await page.waitForTimeout(300);
    await applyCodeAction('Accept this finding');
    await waitSteady('Accepted.java gone from the Problems panel', async () => !(await problemsListFile('Accepted.java')));
    log('accepted: the problem is gone');

    // The rule documentation, from the server, beside the code.
    await waitFor('Closed.java (never opened) in the Problems panel', DIAGNOSTIC_LIMIT_MS, () => problemsListFile('Closed.java'), 500);
    await openFile('Configured.java', 'getInstance("MD5")');
    await waitFor('Configured.java in the Problems panel', DIAGNOSTIC_LIMIT_MS, () => problemsListFile('Configured.java'), 500);
    await page.locator('.editor-instance .view-lines span span', { hasText: /^"MD5"$/ }).first().click();
    await runCommand('SecLens: Show rule documentation');
    await page.locator('.tab', { hasText: `SecLens: ${RULE}` }).waitFor({ timeout: 20_000 });
    const shown = await waitFor('the rule documentation rendered in its webview', 20_000, async () => {
        for (const frame of page.frames()) {
            const text = await frame.locator('body').innerText({ timeout: 500 }).catch(() => '');
            if (text.includes('Broken hash algorithm')) {
                return text;
            }
        }
        return undefined;
    }, 500);
    log(`rule documentation: ${shown.split('\n')[0]}`);
    await page.waitForTimeout(500);
    await screenshot('rule-doc.png');

    // .seclens.json turns the rule off: the open and the closed file follow.
    writeFileSync(join(project, '.seclens.json'), '{ "rules": { "java/weak-hash": false } }\n');
    await waitSteady('Configured.java and Closed.java gone from the Problems panel after .seclens.json changed',
        async () => !(await problemsListFile('Configured.java')) && !(await problemsListFile('Closed.java')));
    log('.seclens.json: the open and the closed file updated');

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

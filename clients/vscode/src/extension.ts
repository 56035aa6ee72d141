// The SecLens extension: starts the bundled server jar with a Java 17+ and connects it to VS Code.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import {
    DidChangeConfigurationNotification,
    ExecuteCommandRegistrationOptions,
    ExecuteCommandRequest,
    LanguageClient,
    LanguageClientOptions,
    RegistrationData,
    ServerOptions,
    State,
    StreamInfo,
} from 'vscode-languageclient/node';
import { findJava, javaNotFoundMessage, JavaRuntime } from './java';
import { configurationFor, RawSettings, ServerSettings, toServerSettings } from './settings';

const SCAN_WORKSPACE = 'seclens.scanWorkspace';
const SHOW_RULE_DOCUMENTATION = 'seclens.showRuleDocumentation';
const RESTART_SERVER = 'seclens.restartServer';
const SHOW_OUTPUT = 'seclens.showOutput';
const OPEN_DEMO = 'seclens.openDemo';
/** The server's command answering a rule's Markdown documentation from its jar. */
const SERVER_RULE_DOC = 'seclens.showRuleDoc';
/** The commands this extension registers itself; the server may offer them too. */
const OWN_COMMANDS = new Set([SCAN_WORKSPACE, SHOW_RULE_DOCUMENTATION, RESTART_SERVER, SHOW_OUTPUT, OPEN_DEMO,
    SERVER_RULE_DOC]);
const DIAGNOSTIC_SOURCE = 'seclens';

type Status = 'starting' | 'running' | 'stopped' | 'disabled' | 'failed';

let context: vscode.ExtensionContext;
let output: vscode.OutputChannel;
let statusItem: vscode.StatusBarItem;
let client: LanguageClient | undefined;
/** Starts, stops and restarts run one after another, never interleaved. */
let lifecycle: Promise<void> = Promise.resolve();

export function activate(ctx: vscode.ExtensionContext): void {
    context = ctx;
    output = vscode.window.createOutputChannel('SecLens');
    statusItem = vscode.window.createStatusBarItem('seclens.status', vscode.StatusBarAlignment.Right, 100);
    statusItem.name = 'SecLens';
    statusItem.command = SHOW_OUTPUT;
    ctx.subscriptions.push(
        output,
        statusItem,
        vscode.commands.registerCommand(SCAN_WORKSPACE, scanWorkspace),
        vscode.commands.registerCommand(SHOW_RULE_DOCUMENTATION, showRuleDocumentation),
        vscode.commands.registerCommand(RESTART_SERVER, () => serially(async () => {
            await stopClient();
            await startClient();
        })),
        vscode.commands.registerCommand(SHOW_OUTPUT, () => output.show(true)),
        vscode.commands.registerCommand(OPEN_DEMO, openDemo),
        vscode.workspace.onDidChangeConfiguration(onConfigurationChanged),
    );
    statusItem.show();
    if (readSettings().enable) {
        void serially(startClient);
    } else {
        setStatus('disabled', 'SecLens is off (setting "seclens.enable").');
    }
}

export function deactivate(): Thenable<void> | undefined {
    return client?.stop();
}

function serially(step: () => Promise<void>): Promise<void> {
    lifecycle = lifecycle.then(step, step).catch((error) => {
        output.appendLine(`[error] ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    });
    return lifecycle;
}

function readSettings(): ServerSettings {
    const config = vscode.workspace.getConfiguration('seclens');
    const raw: RawSettings = {
        enable: config.get('enable'),
        rules: config.get('rules'),
        // Only what the user set: the package.json default must not override a project's .seclens.json.
        minimumConfidence: explicitValue(config, 'minimumConfidence'),
        advisories: config.get('advisories'),
        analysisTimeoutMs: explicitValue(config, 'analysisTimeoutMs'),
        maxFileSize: explicitValue(config, 'maxFileSize'),
        analysisThreads: explicitValue(config, 'analysisThreads'),
        workspaceScan: explicitValue(config, 'workspaceScan'),
        threatModels: explicitValue(config, 'threatModels'),
    };
    const { settings, warnings } = toServerSettings(raw);
    for (const warning of warnings) {
        output.appendLine(`[settings] ${warning}`);
    }
    return settings;
}

function explicitValue(config: vscode.WorkspaceConfiguration, key: string): unknown {
    const values = config.inspect(key);
    return values?.workspaceFolderValue ?? values?.workspaceValue ?? values?.globalValue;
}

/**
 * A running server follows every setting at once: it is told (and pulls the `seclens` section), and
 * with `seclens.enable` off it clears its diagnostics and stays idle rather than being stopped in
 * the middle of the client's own configuration notification. Only a new Java needs a restart.
 */
function onConfigurationChanged(event: vscode.ConfigurationChangeEvent): void {
    if (!event.affectsConfiguration('seclens')) {
        return;
    }
    if (event.affectsConfiguration('seclens.java.home')) {
        void serially(async () => {
            await stopClient();
            if (readSettings().enable) {
                await startClient();
            }
        });
        return;
    }
    const settings = readSettings();
    const running = client;
    if (running?.isRunning()) {
        void running.sendNotification(DidChangeConfigurationNotification.type, { settings: { seclens: settings } })
            .catch((error) => output.appendLine(`[settings] not sent: ${error instanceof Error ? error.message : String(error)}`));
        if (settings.enable) {
            setStatus('running', runningTooltip(running, undefined));
        } else {
            setStatus('disabled', 'SecLens is off (setting "seclens.enable").');
        }
    } else if (settings.enable) {
        void serially(startClient);
    } else {
        setStatus('disabled', 'SecLens is off (setting "seclens.enable").');
    }
}

async function startClient(): Promise<void> {
    if (client) {
        return;
    }
    setStatus('starting', 'Looking for Java…');
    const jar = context.asAbsolutePath('server/seclens.jar');
    if (!existsSync(jar)) {
        const message = `The SecLens extension is incomplete: ${jar} is missing. Reinstall the extension from its .vsix.`;
        output.appendLine(`[error] ${message}`);
        setStatus('failed', message);
        void vscode.window.showErrorMessage(message);
        return;
    }
    const lookup = await findJava({
        configuredHome: vscode.workspace.getConfiguration('seclens').get<string | null>('java.home'),
        env: process.env,
    });
    if (!lookup.java) {
        const message = javaNotFoundMessage(lookup.problems);
        output.appendLine(`[error] ${message}`);
        setStatus('failed', 'No Java 17+ found: see the SecLens output.');
        void vscode.window.showErrorMessage(message, 'Open Settings', 'Show Output').then((choice) => {
            if (choice === 'Open Settings') {
                void vscode.commands.executeCommand('workbench.action.openSettings', 'seclens.java.home');
            } else if (choice === 'Show Output') {
                output.show(true);
            }
        });
        return;
    }
    const java = lookup.java;
    for (const problem of lookup.problems) {
        output.appendLine(`[java] skipped ${problem}`);
    }
    output.appendLine(`[java] using ${java.executable} (Java ${java.version}, from ${java.source})`);

    const serverOptions: ServerOptions = () => startServer(java.executable, jar);
    const clientOptions: LanguageClientOptions = {
        documentSelector: [
            { scheme: 'file', language: 'java' },
            { scheme: 'untitled', language: 'java' },
            // Build files, checked for dependencies with known vulnerabilities, whatever their language.
            { scheme: 'file', pattern: '**/pom.xml' },
            { scheme: 'file', pattern: '**/build.gradle' },
            { scheme: 'file', pattern: '**/build.gradle.kts' },
            { scheme: 'file', pattern: '**/*.versions.toml' },
        ],
        diagnosticCollectionName: DIAGNOSTIC_SOURCE,
        outputChannel: output,
        initializationOptions: { seclens: readSettings() },
        middleware: {
            // The rule link of a problem opens its documentation here, from the server, not a web page.
            handleDiagnostics: (uri, diagnostics, next) => next(uri, diagnostics.map(linkRuleDocumentation)),
            workspace: {
                // Servers that pull their settings get the normalised `seclens` section.
                configuration: async (params, token, next) => {
                    const answers = await next(params, token);
                    if (!Array.isArray(answers)) {
                        return answers;
                    }
                    const settings = readSettings();
                    return params.items.map((item, i) => configurationFor(item.section, settings) ?? answers[i]);
                },
            },
        },
    };
    const created = new LanguageClient('seclens', 'SecLens', serverOptions, clientOptions);
    leaveOwnCommandsToTheExtension(created);
    created.onDidChangeState((event) => {
        if (client !== created) {
            return;
        }
        if (event.newState === State.Running) {
            setStatus('running', runningTooltip(created, java));
        } else if (event.newState === State.Starting) {
            setStatus('starting', 'Starting the SecLens server…');
        } else {
            setStatus('stopped', 'The SecLens server stopped: see the SecLens output; "SecLens: Restart server" starts it again.');
        }
    });
    client = created;
    setStatus('starting', `Starting the SecLens server with Java ${java.version}…`);
    try {
        await created.start();
        setStatus('running', runningTooltip(created, java));
    } catch (error) {
        client = undefined;
        const message = `The SecLens server did not start: ${error instanceof Error ? error.message : String(error)}`;
        output.appendLine(`[error] ${message}`);
        setStatus('failed', message);
        void vscode.window.showErrorMessage(message, 'Show Output').then((choice) => {
            if (choice) {
                output.show(true);
            }
        });
    }
}

async function stopClient(): Promise<void> {
    const running = client;
    client = undefined;
    if (running) {
        try {
            await running.stop(5_000);
        } catch (error) {
            output.appendLine(`[error] stopping the server: ${error instanceof Error ? error.message : String(error)}`);
        }
        await running.dispose().catch(() => undefined);
    }
    setStatus('stopped', 'The SecLens server is stopped.');
}

/**
 * vscode-languageclient registers a VS Code command for each command the server lists in
 * executeCommandProvider, and registering one of ours a second time throws; ours send the request
 * themselves, so the client leaves them out.
 */
function leaveOwnCommandsToTheExtension(languageClient: LanguageClient): void {
    const feature = languageClient.getFeature(ExecuteCommandRequest.method);
    const register = feature.register.bind(feature);
    feature.register = (data: RegistrationData<ExecuteCommandRegistrationOptions>) => register({
        ...data,
        registerOptions: {
            ...data.registerOptions,
            commands: data.registerOptions.commands.filter((command) => !OWN_COMMANDS.has(command)),
        },
    });
}

let runningJava: JavaRuntime | undefined;

function runningTooltip(languageClient: LanguageClient, java: JavaRuntime | undefined): string {
    runningJava = java ?? runningJava;
    const info = languageClient.initializeResult?.serverInfo;
    const server = info ? `${info.name} ${info.version ?? ''}`.trim() : 'SecLens';
    const on = runningJava ? ` (Java ${runningJava.version}, ${runningJava.executable})` : '';
    return `${server} is checking Java files${on}. Click for the log.`;
}

/**
 * Starts the server with a bounded heap. Its log lines ("[seclens] INFO ...") reach the output
 * channel as window/logMessage already; only what else it writes to stderr (a JVM error, a stack
 * trace) is copied there, so that no line shows twice.
 */
function startServer(javaExecutable: string, jar: string): Promise<StreamInfo> {
    // server/lsp-jvm.options: a bounded heap, the serial collector, and less inlining, so that the
    // first edits after opening a file do not wait for the JIT compiling the analysis' large methods
    const server = spawn(javaExecutable, ['-Xmx512m', '-XX:+UseSerialGC', '-XX:FreqInlineSize=60',
        '-XX:InlineSmallCode=500', '-XX:MaxInlineLevel=4', '-jar', jar, 'lsp'],
        { stdio: ['pipe', 'pipe', 'pipe'] });
    let pending = '';
    server.stderr.setEncoding('utf8');
    server.stderr.on('data', (chunk: string) => {
        const lines = (pending + chunk).split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) {
            if (!line.startsWith('[seclens] ')) {
                output.appendLine(line);
            }
        }
    });
    return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.once('spawn', () => resolve({ reader: server.stdout, writer: server.stdin, detached: false }));
    });
}

/** A SecLens problem's code links to "SecLens: Show rule documentation" for its rule. */
function linkRuleDocumentation(diagnostic: vscode.Diagnostic): vscode.Diagnostic {
    const code = diagnostic.code;
    if (diagnostic.source === DIAGNOSTIC_SOURCE && typeof code === 'object' && code.target) {
        const args = encodeURIComponent(JSON.stringify([String(code.value)]));
        diagnostic.code = { value: code.value, target: vscode.Uri.parse(`command:${SHOW_RULE_DOCUMENTATION}?${args}`) };
    }
    return diagnostic;
}

function setStatus(status: Status, tooltip: string): void {
    const icons: Record<Status, string> = {
        starting: '$(sync~spin)',
        running: '$(shield)',
        stopped: '$(debug-stop)',
        disabled: '$(circle-slash)',
        failed: '$(error)',
    };
    statusItem.text = `${icons[status]} SecLens`;
    statusItem.tooltip = tooltip;
    statusItem.accessibilityInformation = { label: `SecLens: ${status}` };
    statusItem.backgroundColor = status === 'failed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
}

async function scanWorkspace(): Promise<void> {
    const running = client;
    if (!running?.isRunning()) {
        void vscode.window.showWarningMessage('The SecLens server is not running: check the status bar item and the SecLens output.');
        return;
    }
    const commands = running.initializeResult?.capabilities.executeCommandProvider?.commands ?? [];
    if (!commands.includes(SCAN_WORKSPACE)) {
        void vscode.window.showInformationMessage(
            'This SecLens server does not support scanning the workspace yet: open Java files to check them, ' +
            'or run "seclens scan" on the project in a terminal.');
        return;
    }
    const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'SecLens: scanning the workspace…' },
        () => running.sendRequest(ExecuteCommandRequest.type, { command: SCAN_WORKSPACE, arguments: [] }),
    );
    if (typeof result === 'string' && result !== '') {
        void vscode.window.showInformationMessage(`SecLens: ${result}`);
    }
}

/** Opens the documentation of the SecLens rule under the cursor (a choice when there are several). */
async function showRuleDocumentation(ruleId?: unknown): Promise<void> {
    if (typeof ruleId === 'string' && ruleId !== '') {
        await openRuleDocumentation(ruleId);
        return;
    }
    const editor = vscode.window.activeTextEditor;
    const diagnostics = editor ? vscode.languages.getDiagnostics(editor.document.uri) : [];
    let candidates = seclensRules(diagnostics);
    if (editor) {
        const cursor = editor.selection.active;
        const atCursor = seclensRules(diagnostics.filter((d) => d.range.contains(cursor) || d.range.start.line === cursor.line));
        if (atCursor.length > 0) {
            candidates = atCursor;
        }
    }
    if (candidates.length === 0) {
        void vscode.window.showInformationMessage(
            'No SecLens diagnostic here: put the cursor on a SecLens problem in a Java file, then run "SecLens: Show rule documentation" again.');
        return;
    }
    let chosen: string | undefined = candidates[0].rule;
    if (candidates.length > 1) {
        const picked = await vscode.window.showQuickPick(
            candidates.map((d) => ({ label: d.rule, detail: d.message })),
            { placeHolder: 'Which rule’s documentation?' });
        chosen = picked?.label;
    }
    if (chosen) {
        await openRuleDocumentation(chosen);
    }
}

/** The rule's Markdown, from the server (the docs ship in its jar: no network), rendered in a webview. */
async function openRuleDocumentation(rule: string): Promise<void> {
    const running = client;
    if (!running?.isRunning()) {
        void vscode.window.showWarningMessage('The SecLens server is not running: check the status bar item and the SecLens output.');
        return;
    }
    const answer = await running.sendRequest(ExecuteCommandRequest.type, { command: SERVER_RULE_DOC, arguments: [rule] })
        .catch((error: unknown) => {
            void vscode.window.showWarningMessage(`SecLens: no documentation for ${rule}: ${error instanceof Error ? error.message : String(error)}`);
            return undefined;
        }) as { title?: string; markdown?: string } | undefined;
    if (!answer?.markdown) {
        return;
    }
    const html = await vscode.commands.executeCommand<string>('markdown.api.render', answer.markdown);
    const panel = vscode.window.createWebviewPanel('seclens.ruleDocumentation', `SecLens: ${rule}`,
        vscode.ViewColumn.Beside, { enableScripts: false });
    panel.webview.html = `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline';">
<style>body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); line-height: 1.5; padding: 0 1em; }
code, pre { font-family: var(--vscode-editor-font-family); } pre { background: var(--vscode-textCodeBlock-background); padding: .5em; overflow-x: auto; }</style>
</head><body>${html}</body></html>`;
}

/** The demo walkthrough's file: a small Java class with findings, opened as an untitled editor. */
async function openDemo(): Promise<void> {
    const content = readFileSync(context.asAbsolutePath('walkthrough/Demo.java'), 'utf8');
    const document = await vscode.workspace.openTextDocument({ language: 'java', content });
    await vscode.window.showTextDocument(document);
}

/** SecLens diagnostics, one per rule. */
function seclensRules(diagnostics: readonly vscode.Diagnostic[]): { rule: string; message: string }[] {
    const byRule = new Map<string, { rule: string; message: string }>();
    for (const diagnostic of diagnostics) {
        const code = diagnostic.code;
        if (diagnostic.source !== DIAGNOSTIC_SOURCE || code === undefined) {
            continue;
        }
        const rule = String(typeof code === 'object' ? code.value : code);
        if (!byRule.has(rule)) {
            byRule.set(rule, { rule, message: diagnostic.message });
        }
    }
    return [...byRule.values()];
}

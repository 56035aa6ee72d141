// Finds the Java that runs the SecLens server. No `vscode` import: unit-tested with node's test runner.
import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import * as path from 'node:path';

/** The oldest Java the server runs on. */
export const MINIMUM_JAVA_VERSION = 17;

/** Where a Java came from, in the order they are tried. */
export type JavaSource = 'seclens.java.home' | 'JAVA_HOME' | 'PATH';

export interface JavaRuntime {
    /** The java executable to start. */
    executable: string;
    /** The feature release: 8 for "1.8.0_392", 17 for "17.0.9". */
    major: number;
    /** The version as `java -version` prints it, such as "17.0.9". */
    version: string;
    source: JavaSource;
}

export interface JavaLookup {
    /** The Java to use, or undefined when none is usable. */
    java?: JavaRuntime;
    /** Why candidates were rejected, one sentence each, in the order tried. */
    problems: string[];
}

export interface JavaLookupOptions {
    /** The `seclens.java.home` setting: a Java home, its bin folder or its java executable. */
    configuredHome?: string | null;
    env: Record<string, string | undefined>;
    platform?: NodeJS.Platform;
    /** Whether a path is an existing file. */
    isFile?: (file: string) => boolean;
    /** Runs `<executable> -version` and resolves to everything it printed (stdout and stderr). */
    runVersion?: (executable: string) => Promise<string>;
}

/**
 * The version in `java -version` output, whatever the vendor: `openjdk version "17.0.9" 2023-10-17`,
 * `java version "1.8.0_392"`, `openjdk version "21" 2023-09-19`, `openjdk version "23-ea"`, or the
 * `java --version` form `openjdk 17.0.9 2023-10-17`. Lines such as "Picked up JAVA_TOOL_OPTIONS" are
 * skipped. Undefined when no version is found.
 */
export function parseJavaVersion(output: string): { major: number; version: string } | undefined {
    const quoted = /\bversion\s+"([^"]+)"/.exec(output);
    const bare = /^(?:openjdk|java)\s+(\d[\w.+-]*)/m.exec(output);
    const version = (quoted ?? bare)?.[1];
    if (!version) {
        return undefined;
    }
    const parts = /^(\d+)(?:\.(\d+))?/.exec(version);
    if (!parts) {
        return undefined;
    }
    const first = Number(parts[1]);
    const major = first === 1 && parts[2] !== undefined ? Number(parts[2]) : first;
    return { major, version };
}

/**
 * The first usable Java 17+, from the `seclens.java.home` setting, then `JAVA_HOME`, then the `PATH`.
 * The setting is authoritative: when it is set but unusable, the lookup stops there, so that the
 * user learns the setting is wrong instead of silently running another Java.
 */
export async function findJava(options: JavaLookupOptions): Promise<JavaLookup> {
    const platform = options.platform ?? process.platform;
    const isFile = options.isFile ?? defaultIsFile;
    const runVersion = options.runVersion ?? defaultRunVersion;
    const exe = platform === 'win32' ? 'java.exe' : 'java';
    const pathApi = platform === 'win32' ? path.win32 : path.posix;
    const problems: string[] = [];

    const check = async (executable: string, source: JavaSource, origin: string): Promise<JavaRuntime | undefined> => {
        let output: string;
        try {
            output = await runVersion(executable);
        } catch (error) {
            problems.push(`${origin}: ${executable} could not be run (${describe(error)}).`);
            return undefined;
        }
        const parsed = parseJavaVersion(output);
        if (!parsed) {
            problems.push(`${origin}: ${executable} -version printed no Java version.`);
            return undefined;
        }
        if (parsed.major < MINIMUM_JAVA_VERSION) {
            problems.push(`${origin}: ${executable} is Java ${parsed.version}, older than ${MINIMUM_JAVA_VERSION}.`);
            return undefined;
        }
        return { executable, major: parsed.major, version: parsed.version, source };
    };

    const home = options.configuredHome?.trim();
    if (home) {
        const expanded = expandHome(home, options.env, pathApi);
        const origin = `seclens.java.home (${home})`;
        const candidates = [pathApi.join(expanded, 'bin', exe), pathApi.join(expanded, exe), expanded];
        const executable = candidates.find((c) => isFile(c));
        if (!executable) {
            problems.push(`${origin}: no ${pathApi.join('bin', exe)} there.`);
            return { problems };
        }
        const java = await check(executable, 'seclens.java.home', origin);
        return { java, problems };
    }

    const javaHome = options.env.JAVA_HOME?.trim();
    if (javaHome) {
        const executable = pathApi.join(javaHome, 'bin', exe);
        const origin = `JAVA_HOME (${javaHome})`;
        if (isFile(executable)) {
            const java = await check(executable, 'JAVA_HOME', origin);
            if (java) {
                return { java, problems };
            }
        } else {
            problems.push(`${origin}: no ${pathApi.join('bin', exe)} there.`);
        }
    }

    const pathVariable = options.env.PATH ?? options.env.Path ?? '';
    const onPath = pathVariable
        .split(platform === 'win32' ? ';' : ':')
        .filter((dir) => dir !== '')
        .map((dir) => pathApi.join(dir, exe))
        .find((file) => isFile(file));
    if (onPath) {
        const java = await check(onPath, 'PATH', 'PATH');
        if (java) {
            return { java, problems };
        }
    } else {
        problems.push(`PATH: no ${exe} on the PATH.`);
    }
    return { problems };
}

/** The error shown when no Java is usable: what was tried, then the fix. */
export function javaNotFoundMessage(problems: string[]): string {
    return `SecLens needs Java ${MINIMUM_JAVA_VERSION} or newer to run its server and found none usable. ` +
        problems.join(' ') +
        ` Fix: install a JDK ${MINIMUM_JAVA_VERSION}+ (for example Eclipse Temurin 21) and set "seclens.java.home" ` +
        'to its folder (the one containing bin/java), or set JAVA_HOME, then run "SecLens: Restart server".';
}

function expandHome(file: string, env: Record<string, string | undefined>, pathApi: path.PlatformPath): string {
    const home = env.HOME ?? env.USERPROFILE;
    if (home && (file === '~' || file.startsWith('~/') || file.startsWith('~\\'))) {
        return pathApi.join(home, file.slice(1));
    }
    return file;
}

function describe(error: unknown): string {
    if (error && typeof error === 'object') {
        const e = error as { code?: unknown; message?: unknown };
        if (typeof e.code === 'string') {
            return e.code;
        }
        if (typeof e.message === 'string') {
            return e.message.split('\n')[0];
        }
    }
    return String(error);
}

function defaultIsFile(file: string): boolean {
    try {
        return statSync(file).isFile();
    } catch {
        return false;
    }
}

function defaultRunVersion(executable: string): Promise<string> {
    return new Promise((resolve, reject) => {
        execFile(executable, ['-version'], { timeout: 15_000, windowsHide: true }, (error, stdout, stderr) => {
            if (error) {
                reject(error);
            } else {
                resolve(`${stderr}${stdout}`);
            }
        });
    });
}

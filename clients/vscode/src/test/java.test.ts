import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { findJava, javaNotFoundMessage, parseJavaVersion } from '../java';

describe('parseJavaVersion', () => {
    const cases: Array<[string, number, string]> = [
        ['openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment (build 17.0.15+6-Debian-1deb12u1)', 17, '17.0.15'],
        ['java version "1.8.0_392"\nJava(TM) SE Runtime Environment (build 1.8.0_392-b08)', 8, '1.8.0_392'],
        ['openjdk version "21" 2023-09-19\nOpenJDK Runtime Environment (build 21+35-2513)', 21, '21'],
        ['openjdk version "23-ea" 2024-09-17', 23, '23-ea'],
        ['Picked up JAVA_TOOL_OPTIONS: -Dfile.encoding=UTF-8\nopenjdk version "11.0.21" 2023-10-17 LTS', 11, '11.0.21'],
        ['openjdk 17.0.9 2023-10-17\nOpenJDK Runtime Environment Temurin-17.0.9+9 (build 17.0.9+9)', 17, '17.0.9'],
        ['java version "9"\n', 9, '9'],
    ];
    for (const [output, major, version] of cases) {
        it(`reads ${version} as Java ${major}`, () => {
            assert.deepEqual(parseJavaVersion(output), { major, version });
        });
    }

    it('finds nothing in other output', () => {
        assert.equal(parseJavaVersion('Error: could not find libjava.so'), undefined);
        assert.equal(parseJavaVersion(''), undefined);
    });
});

/** A fake machine: the files that exist and what each java prints for -version. */
function machine(javas: Record<string, string | Error>) {
    const ran: string[] = [];
    return {
        ran,
        isFile: (file: string) => file in javas,
        runVersion: async (file: string) => {
            ran.push(file);
            const out = javas[file];
            if (out instanceof Error) {
                throw out;
            }
            return out;
        },
    };
}

const JAVA_8 = 'java version "1.8.0_392"';
const JAVA_17 = 'openjdk version "17.0.15" 2025-04-15';
const JAVA_21 = 'openjdk version "21.0.2" 2024-01-16';

describe('findJava', () => {
    it('prefers seclens.java.home', async () => {
        const m = machine({ '/opt/jdk21/bin/java': JAVA_21, '/env/jdk/bin/java': JAVA_17, '/usr/bin/java': JAVA_17 });
        const found = await findJava({
            configuredHome: '/opt/jdk21', env: { JAVA_HOME: '/env/jdk', PATH: '/usr/bin' }, platform: 'linux', ...m,
        });
        assert.deepEqual(found.java, { executable: '/opt/jdk21/bin/java', major: 21, version: '21.0.2', source: 'seclens.java.home' });
        assert.deepEqual(m.ran, ['/opt/jdk21/bin/java']);
    });

    it('accepts the bin folder or the executable as seclens.java.home', async () => {
        const m = machine({ '/opt/jdk21/bin/java': JAVA_21 });
        for (const home of ['/opt/jdk21/bin', '/opt/jdk21/bin/java', ' /opt/jdk21 ']) {
            const found = await findJava({ configuredHome: home, env: {}, platform: 'linux', ...m });
            assert.equal(found.java?.executable, '/opt/jdk21/bin/java', home);
        }
    });

    it('expands ~ in seclens.java.home', async () => {
        const m = machine({ '/home/ada/jdk/bin/java': JAVA_17 });
        const found = await findJava({ configuredHome: '~/jdk', env: { HOME: '/home/ada' }, platform: 'linux', ...m });
        assert.equal(found.java?.executable, '/home/ada/jdk/bin/java');
    });

    it('stops at an unusable seclens.java.home instead of running another Java', async () => {
        const m = machine({ '/opt/jdk8/bin/java': JAVA_8, '/usr/bin/java': JAVA_17 });
        const found = await findJava({ configuredHome: '/opt/jdk8', env: { PATH: '/usr/bin' }, platform: 'linux', ...m });
        assert.equal(found.java, undefined);
        assert.deepEqual(found.problems, ['seclens.java.home (/opt/jdk8): /opt/jdk8/bin/java is Java 1.8.0_392, older than 17.']);

        const missing = await findJava({ configuredHome: '/nowhere', env: { PATH: '/usr/bin' }, platform: 'linux', ...m });
        assert.equal(missing.java, undefined);
        assert.match(missing.problems[0], /^seclens\.java\.home \(\/nowhere\): no bin\/java there\.$/);
    });

    it('uses JAVA_HOME when the setting is empty', async () => {
        const m = machine({ '/env/jdk/bin/java': JAVA_21, '/usr/bin/java': JAVA_17 });
        for (const configuredHome of [undefined, null, '', '  ']) {
            const found = await findJava({ configuredHome, env: { JAVA_HOME: '/env/jdk', PATH: '/usr/bin' }, platform: 'linux', ...m });
            assert.equal(found.java?.source, 'JAVA_HOME');
            assert.equal(found.java?.executable, '/env/jdk/bin/java');
        }
    });

    it('falls back to the PATH when JAVA_HOME is too old or wrong, saying why', async () => {
        const m = machine({ '/env/jdk8/bin/java': JAVA_8, '/usr/bin/java': JAVA_17 });
        const found = await findJava({ env: { JAVA_HOME: '/env/jdk8', PATH: '/bin:/usr/bin' }, platform: 'linux', ...m });
        assert.deepEqual(found.java, { executable: '/usr/bin/java', major: 17, version: '17.0.15', source: 'PATH' });
        assert.deepEqual(found.problems, ['JAVA_HOME (/env/jdk8): /env/jdk8/bin/java is Java 1.8.0_392, older than 17.']);

        const stale = await findJava({ env: { JAVA_HOME: '/gone', PATH: '/usr/bin' }, platform: 'linux', ...m });
        assert.equal(stale.java?.executable, '/usr/bin/java');
        assert.deepEqual(stale.problems, ['JAVA_HOME (/gone): no bin/java there.']);
    });

    it('takes the first java on the PATH', async () => {
        const m = machine({ '/a/java': JAVA_21, '/b/java': JAVA_17 });
        const found = await findJava({ env: { PATH: '/nothing::/a:/b' }, platform: 'linux', ...m });
        assert.equal(found.java?.executable, '/a/java');
    });

    it('uses java.exe and ; on Windows', async () => {
        const m = machine({ 'C:\\jdk\\bin\\java.exe': JAVA_17 });
        const found = await findJava({ env: { Path: 'C:\\Windows;C:\\jdk\\bin' }, platform: 'win32', ...m });
        assert.equal(found.java?.executable, 'C:\\jdk\\bin\\java.exe');
        const home = await findJava({ env: { JAVA_HOME: 'C:\\jdk' }, platform: 'win32', ...m });
        assert.equal(home.java?.executable, 'C:\\jdk\\bin\\java.exe');
    });

    it('reports every reason when no Java is usable', async () => {
        const broken = Object.assign(new Error('spawn EACCES'), { code: 'EACCES' });
        const m = machine({ '/env/jdk/bin/java': 'garbage', '/usr/bin/java': broken });
        const found = await findJava({ env: { JAVA_HOME: '/env/jdk', PATH: '/usr/bin' }, platform: 'linux', ...m });
        assert.equal(found.java, undefined);
        assert.deepEqual(found.problems, [
            'JAVA_HOME (/env/jdk): /env/jdk/bin/java -version printed no Java version.',
            'PATH: /usr/bin/java could not be run (EACCES).',
        ]);
        const none = await findJava({ env: { PATH: '/usr/bin' }, platform: 'linux', ...machine({}) });
        assert.deepEqual(none.problems, ['PATH: no java on the PATH.']);
    });

    it('says how to fix it', () => {
        const message = javaNotFoundMessage(['PATH: no java on the PATH.']);
        assert.match(message, /needs Java 17 or newer/);
        assert.match(message, /PATH: no java on the PATH\./);
        assert.match(message, /"seclens\.java\.home"/);
        assert.match(message, /JAVA_HOME/);
    });
});

describe('findJava on this machine', { skip: process.platform === 'win32' }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'seclens-java-test-'));
    after(() => rmSync(dir, { recursive: true, force: true }));

    function fakeJava(home: string, versionLine: string): void {
        mkdirSync(join(dir, home, 'bin'), { recursive: true });
        const file = join(dir, home, 'bin', 'java');
        writeFileSync(file, `#!/bin/sh\necho '${versionLine}' >&2\n`);
        chmodSync(file, 0o755);
    }

    it('runs java -version and reads what it prints on stderr', async () => {
        fakeJava('old', 'java version "1.8.0_392"');
        fakeJava('new', 'openjdk version "21.0.2" 2024-01-16');
        const found = await findJava({
            env: { JAVA_HOME: join(dir, 'old'), PATH: `${join(dir, 'missing')}:${join(dir, 'new', 'bin')}` },
        });
        assert.equal(found.java?.executable, join(dir, 'new', 'bin', 'java'));
        assert.equal(found.java?.major, 21);
        assert.equal(found.problems.length, 1);
    });

    it('finds the real java on the PATH when there is one', async (t) => {
        let real: string;
        try {
            real = execFileSync('sh', ['-c', 'command -v java'], { encoding: 'utf8' }).trim();
        } catch {
            t.skip('no java on the PATH');
            return;
        }
        const found = await findJava({ env: { PATH: process.env.PATH } });
        assert.equal(found.java?.executable, real);
        assert.ok((found.java?.major ?? 0) >= 17, `java on the PATH is ${found.java?.version}`);
    });
});
